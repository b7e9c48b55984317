/*
 * raft_server.c — one node's engine: restore from storage, the ready cycle
 * (persist with one sync, send, apply, answer), snapshots taken and
 * installed, frames in and out, events. Client requests live in
 * raft_server_clients.c.
 */
#include <string.h>

#include "raft/raft_message_codec.h"
#include "raft_server_internal.h"

/* ---- options ------------------------------------------------------------------ */

int raft_server_options_from_cluster(const struct raft_cluster_config *cc, raft_node_id_t id, bool prefix_lines,
                                     struct raft_server_options *out)
{
    memset(out, 0, sizeof *out);
    bool found = false;
    if (cc->node_count > RAFT_MAX_NODES)
        return RAFT_ERR_INVALID;
    for (unsigned i = 0; i < cc->node_count; i++) {
        const struct raft_node_address *n = &cc->nodes[i];
        found |= n->id == id;
        if (n->initial_role == RAFT_INITIAL_VOTER || n->initial_role == RAFT_INITIAL_LEARNER) {
            out->bootstrap.members[out->bootstrap.count].id = n->id;
            out->bootstrap.members[out->bootstrap.count].role = n->initial_role;
            out->bootstrap.count++;
        }
    }
    if (!found || id == RAFT_NODE_NONE || raft_membership_voters(&out->bootstrap) == 0)
        return RAFT_ERR_INVALID;
    out->core.id = id;
    out->core.election_timeout_min_ms = cc->election_timeout_min_ms;
    out->core.election_timeout_max_ms = cc->election_timeout_max_ms;
    out->core.heartbeat_ms = cc->heartbeat_ms;
    out->core.lease_ms = cc->lease_ms;
    out->core.pre_vote = cc->pre_vote;
    out->core.check_quorum = cc->check_quorum;
    out->snapshot_threshold = cc->snapshot_threshold;
    out->request_timeout_ms = cc->request_timeout_ms;
    out->prefix_lines = prefix_lines;
    out->log_level = cc->log_level;
    return RAFT_OK;
}

/* ---- output ------------------------------------------------------------------- */

uint32_t raft_server_prefix(const struct raft_server *s) { return s->opt.prefix_lines ? s->opt.core.id : 0; }

void raft_server_emit(struct raft_server *s, size_t len)
{
    if (len == 0)
        return; /* a line that did not fit is never written half */
    if (s->line[len - 1] == '\n')
        len--;
    s->platform.write_line(s->platform.ctx, s->line, len);
}


static size_t fatal_line(struct raft_server *s, const char *what, const char *detail, const char *why, size_t why_len)
{
    struct raft_line l;
    raft_line_begin(&l, s->line, sizeof s->line, raft_server_prefix(s));
    raft_line_word(&l, "event");
    raft_line_word(&l, "fatal");
    raft_line_word(&l, what);
    raft_line_word(&l, detail);
    if (why_len)
        raft_line_field_bytes(&l, "why", (const uint8_t *)why, why_len);
    return raft_line_end(&l);
}

/* Stop the node with an `event fatal` line; a storage failure also carries
 * the backend's own description (why=, e.g. file and byte). */
static void stop_fatal(struct raft_server *s, int status, const char *what, int detail_code, const char *detail)
{
    s->fatal = status;
    s->stopped = true;
    if (!detail)
        detail = raft_storage_error_name(detail_code);
    char why[160];
    size_t why_len = raft_storage_describe_fault(s->storage, why, sizeof why);
    size_t len = fatal_line(s, what, detail, why, why_len);
    if (len == 0) /* too long with why=: never lose the event itself */
        len = fatal_line(s, what, detail, NULL, 0);
    raft_server_emit(s, len);
}

static void emit_membership(struct raft_server *s)
{
    if (s->opt.log_level < 1)
        return;
    uint32_t voters[RAFT_MAX_NODES], learners[RAFT_MAX_NODES];
    size_t nv = 0, nl = 0;
    const struct raft_membership *m = &s->core.membership;
    for (unsigned i = 0; i < m->count; i++) {
        if (m->members[i].role == RAFT_MEMBER_VOTER)
            voters[nv++] = m->members[i].id;
        else
            learners[nl++] = m->members[i].id;
    }
    raft_server_emit(s, raft_control_event_membership(s->line, sizeof s->line, raft_server_prefix(s), voters, nv,
                                                      learners, nl));
}

static int control_role(const struct raft_server *s)
{
    if (s->core.role == RAFT_FOLLOWER && !raft_membership_is_voter(&s->core.membership, s->opt.core.id))
        return RAFT_CTL_ROLE_LEARNER;
    return s->core.role; /* same numbering as enum raft_role */
}

static void report_soft_state(struct raft_server *s)
{
    if (s->opt.log_level < 1)
        return;
    if (s->core.role != s->role_reported) {
        s->role_reported = s->core.role;
        raft_server_emit(s, raft_control_event_role(s->line, sizeof s->line, raft_server_prefix(s), control_role(s),
                                                    s->core.term));
    }
    if (s->core.leader != s->leader_reported) {
        s->leader_reported = s->core.leader;
        if (s->core.leader != RAFT_NODE_NONE)
            raft_server_emit(s, raft_control_event_leader(s->line, sizeof s->line, raft_server_prefix(s),
                                                          s->core.leader, s->core.term));
    }
}

/* ---- snapshots ------------------------------------------------------------------ */

static int restore_kv_from_storage(struct raft_server *s)
{
    struct raft_kv_restore r;
    raft_kv_restore_begin(&r, &s->kv);
    uint32_t offset = 0;
    for (;;) {
        size_t n = 0;
        int rc = raft_storage_snapshot_read(s->storage, offset, s->chunk, sizeof s->chunk, &n);
        if (rc)
            return RAFT_ERR_STORAGE;
        if (n && raft_kv_restore_feed(&r, s->chunk, n) != RAFT_KV_OK)
            return RAFT_ERR_CORRUPT;
        offset += (uint32_t)n;
        if (n < sizeof s->chunk)
            break;
    }
    return raft_kv_restore_finish(&r) == RAFT_KV_OK ? RAFT_OK : RAFT_ERR_CORRUPT;
}

static void snapshot_meta(struct raft_snapshot_meta *meta, raft_index_t index, raft_term_t term,
                          const struct raft_membership *m)
{
    memset(meta, 0, sizeof *meta);
    meta->index = index;
    meta->term = term;
    uint8_t conf[RAFT_MEMBERSHIP_ENCODED_MAX];
    uint16_t n = raft_membership_encode(m, conf);
    memcpy(meta->conf, conf, n);
    meta->conf_len = n;
}

_Static_assert(RAFT_MEMBERSHIP_ENCODED_MAX <= RAFT_STORAGE_CONF_MAX,
               "the storage's configuration blob cannot hold a membership");

int raft_server_take_snapshot(struct raft_server *s)
{
    raft_index_t index = s->core.applied;
    if (s->stopped || index <= raft_core_snapshot_index(&s->core))
        return RAFT_OK;
    raft_term_t term;
    struct raft_membership m;
    raft_core_term_at(&s->core, index, &term);
    raft_core_membership_at(&s->core, index, &m);
    struct raft_snapshot_meta meta;
    snapshot_meta(&meta, index, term, &m);
    int rc = raft_storage_snapshot_begin(s->storage, &meta);
    struct raft_kv_snapshot_cursor cur;
    raft_kv_snapshot_start(&s->kv, &cur);
    uint32_t offset = 0;
    while (!rc) {
        size_t n = raft_kv_snapshot_next(&s->kv, &cur, s->chunk, sizeof s->chunk);
        if (n == 0)
            break;
        rc = raft_storage_snapshot_write(s->storage, offset, s->chunk, n);
        offset += (uint32_t)n;
    }
    if (!rc)
        rc = raft_storage_snapshot_commit(s->storage);
    if (rc) {
        raft_storage_snapshot_abort(s->storage);
        stop_fatal(s, RAFT_ERR_STORAGE, "snapshot", rc, NULL);
        return RAFT_ERR_STORAGE;
    }
    s->stored_snapshot_index = index;
    raft_core_snapshot_taken(&s->core, index);
    s->stats.snapshots_taken++;
    if (s->opt.log_level >= 1)
        raft_server_emit(s, raft_control_event_snapshot(s->line, sizeof s->line, raft_server_prefix(s), index, term));
    return RAFT_OK;
}

/* ---- the ready cycle --------------------------------------------------------------- */

static int persist(struct raft_server *s, const struct raft_ready *rd)
{
    bool wrote = false;
    int rc = RAFT_STORAGE_OK;
    if (rd->hard_state_changed) {
        rc = raft_storage_set_hard_state(s->storage, rd->term, rd->vote);
        wrote = true;
    }
    if (!rc && rd->snapshot) {
        const struct raft_snapshot_chunk *ch = rd->snapshot;
        if (ch->offset == 0) {
            struct raft_snapshot_meta meta;
            snapshot_meta(&meta, ch->last_index, ch->last_term, ch->membership);
            rc = raft_storage_snapshot_begin(s->storage, &meta);
        }
        if (!rc && ch->len)
            rc = raft_storage_snapshot_write(s->storage, ch->offset, ch->data, ch->len);
        if (!rc && ch->done) {
            rc = raft_storage_snapshot_commit(s->storage); /* syncs, installs, drops the log */
            if (!rc)
                s->stored_snapshot_index = ch->last_index;
        }
    }
    if (!rc && rd->truncate_from) {
        rc = raft_storage_truncate(s->storage, rd->truncate_from);
        wrote = true;
    }
    for (raft_index_t i = rd->append_from; !rc && i <= rd->append_to; i++) {
        struct raft_entry_view e;
        raft_core_entry(&s->core, i, &e);
        struct raft_storage_entry se = {.index = i, .term = e.term, .type = e.type, .len = e.len, .data = e.data};
        rc = raft_storage_append(s->storage, &se);
        wrote = true;
    }
    if (!rc && wrote) {
        rc = raft_storage_sync(s->storage); /* one sync for the whole batch */
        s->stats.syncs++;
    }
    return rc;
}

static bool entry_source(const void *ctx, raft_index_t index, struct raft_entry_view *out)
{
    return raft_core_entry(ctx, index, out);
}

static void send_message(struct raft_server *s, const struct raft_message *msg)
{
    struct raft_message m = *msg;
    if (m.type == RAFT_MSG_SNAPSHOT && m.u.snapshot.data == NULL) {
        /* The chunk comes from the stored snapshot the core is describing. */
        size_t n = 0;
        if (m.u.snapshot.last_index != s->stored_snapshot_index ||
            raft_storage_snapshot_read(s->storage, m.u.snapshot.offset, s->chunk, sizeof s->chunk, &n)) {
            s->stats.dropped_frames++;
            return;
        }
        m.u.snapshot.data = s->chunk;
        m.u.snapshot.len = (uint16_t)n;
        m.u.snapshot.done = n < sizeof s->chunk;
    }
    int32_t len = raft_message_encode(&m, entry_source, &s->core, s->tx, sizeof s->tx);
    if (len < 0) {
        s->stats.dropped_frames++;
        return;
    }
    raft_transport_send(s->transport, m.to, s->tx, (size_t)len);
    s->stats.frames_out++;
}

void raft_server_send_now(struct raft_server *s, const struct raft_message *m) { send_message(s, m); }

static void apply_entries(struct raft_server *s, const struct raft_ready *rd)
{
    for (raft_index_t i = rd->apply_from; i <= rd->apply_to; i++) {
        struct raft_entry_view e;
        if (!raft_core_entry(&s->core, i, &e)) {
            stop_fatal(s, RAFT_ERR_CORRUPT, "apply", 0, "entry-missing");
            return;
        }
        struct raft_kv_result res;
        memset(&res, 0, sizeof res);
        if (e.type == RAFT_ENTRY_COMMAND) {
            raft_kv_apply(&s->kv, e.data, e.len, &res);
            s->stats.applied_commands++;
        } else if (e.type == RAFT_ENTRY_CONFIG) {
            emit_membership(s);
        }
        raft_clients_on_apply(s, i, &e, &res);
    }
}

void raft_server_handle_ready(struct raft_server *s)
{
    for (unsigned guard = 0; guard < 8 && !s->stopped && raft_core_has_ready(&s->core); guard++) {
        struct raft_ready rd;
        raft_core_ready(&s->core, &rd);
        /* A leader's appends go out before its own sync, so the followers'
         * syncs overlap it (the core counts the leader's entries only after
         * advance). Not when this batch makes a new term or vote durable:
         * nothing may carry them before they are. Votes and responses always
         * wait for the sync. */
        bool early = !rd.hard_state_changed;
        for (uint16_t i = 0; early && i < rd.n_messages; i++)
            if (rd.messages[i].type == RAFT_MSG_APPEND)
                send_message(s, &rd.messages[i]);
        int rc = persist(s, &rd);
        if (rc) {
            stop_fatal(s, RAFT_ERR_STORAGE, "storage", rc, NULL);
            return;
        }
        for (uint16_t i = 0; i < rd.n_messages; i++)
            if (!early || rd.messages[i].type != RAFT_MSG_APPEND)
                send_message(s, &rd.messages[i]);
        if (rd.snapshot_installed) {
            rc = restore_kv_from_storage(s);
            if (rc) {
                stop_fatal(s, rc, "snapshot-restore", 0, raft_status_name(rc));
                return;
            }
            s->stats.snapshots_installed++;
            raft_clients_on_snapshot_install(s, rd.snapshot->last_index);
            if (s->opt.log_level >= 1)
                raft_server_emit(s, raft_control_event_snapshot(s->line, sizeof s->line, raft_server_prefix(s),
                                                                rd.snapshot->last_index, rd.snapshot->last_term));
            emit_membership(s);
        }
        apply_entries(s, &rd);
        if (s->stopped)
            return;
        for (uint16_t i = 0; i < rd.n_reads; i++)
            raft_clients_on_read(s, &rd.reads[i]);
        raft_core_advance(&s->core, &rd);
        raft_clients_serve_reads(s);
        if (rd.soft_state_changed)
            report_soft_state(s);
    }
    /* Not now: the replies of this poll would wait for the snapshot's syncs
     * in the output buffer. The next poll takes it, after the main loop
     * flushed them (idle_ms says 0 meanwhile). */
    if (!s->stopped && raft_core_wants_snapshot(&s->core, s->opt.snapshot_threshold))
        s->snapshot_due = true;
}

/* ---- restore ------------------------------------------------------------------------ */

static int restore(struct raft_server *s)
{
    struct raft_storage_state st;
    int rc = raft_storage_load(s->storage, &st);
    if (rc) {
        stop_fatal(s, rc == RAFT_STORAGE_ERR_CORRUPT ? RAFT_ERR_CORRUPT : RAFT_ERR_STORAGE, "storage-load", rc,
                   NULL);
        return s->fatal;
    }
    if (st.term > UINT32_MAX || st.vote > UINT16_MAX || st.snapshot.term > UINT32_MAX) {
        stop_fatal(s, RAFT_ERR_CORRUPT, "storage-load", 0, "term-or-vote-out-of-range");
        return s->fatal;
    }
    raft_core_restore_hard_state(&s->core, (raft_term_t)st.term, (raft_node_id_t)st.vote);
    if (st.snapshot.index) {
        struct raft_membership m;
        if (!raft_membership_decode(&m, st.snapshot.conf, st.snapshot.conf_len)) {
            stop_fatal(s, RAFT_ERR_CORRUPT, "storage-load", 0, "snapshot-membership-malformed");
            return s->fatal;
        }
        raft_core_restore_snapshot(&s->core, st.snapshot.index, (raft_term_t)st.snapshot.term, &m);
        rc = restore_kv_from_storage(s);
        if (rc) {
            stop_fatal(s, rc, "storage-load", 0, "snapshot-data-unreadable");
            return s->fatal;
        }
        s->stored_snapshot_index = st.snapshot.index;
    }
    for (;;) {
        struct raft_storage_entry se;
        rc = raft_storage_next_entry(s->storage, &se);
        if (rc == 0)
            break;
        if (rc < 0) {
            stop_fatal(s, RAFT_ERR_STORAGE, "storage-load", rc, NULL);
            return s->fatal;
        }
        struct raft_entry_view e = {.term = (raft_term_t)se.term, .type = se.type, .len = (uint16_t)se.len,
                                    .data = se.data};
        if (se.term > UINT32_MAX || se.len > RAFT_MAX_ENTRY_SIZE ||
            raft_core_restore_entry(&s->core, se.index, &e) != RAFT_OK) {
            stop_fatal(s, RAFT_ERR_CORRUPT, "storage-load", 0, "log-entry-inconsistent");
            return s->fatal;
        }
    }
    return RAFT_OK;
}

int raft_server_init(struct raft_server *s, const struct raft_server_options *opt, struct raft_storage storage,
                     struct raft_transport transport, struct raft_platform platform)
{
    memset(s, 0, sizeof *s);
    s->opt = *opt;
    s->storage = storage;
    s->transport = transport;
    s->platform = platform;
    s->role_reported = RAFT_FOLLOWER;
    raft_kv_init(&s->kv);
    uint32_t now = platform.now_ms(platform.ctx);
    s->opt.core.seed = platform.seed ? platform.seed(platform.ctx) : 0;
    s->generation = s->opt.core.seed * 2654435761u; /* see raft_server_clients.c: ref_of */
    if (s->opt.request_timeout_ms == 0)
        s->opt.request_timeout_ms = 4 * s->opt.core.election_timeout_max_ms;
    if (s->opt.snapshot_threshold == 0 || s->opt.snapshot_threshold > RAFT_LOG_CAPACITY / 2)
        s->opt.snapshot_threshold = RAFT_LOG_CAPACITY / 2;
    if (raft_core_init(&s->core, &s->opt.core, &s->opt.bootstrap, now) != RAFT_OK) {
        stop_fatal(s, RAFT_ERR_INVALID, "options", 0, "timing-inconsistent");
        return RAFT_ERR_INVALID;
    }
    int rc = restore(s);
    if (rc)
        return rc;
    emit_membership(s);
    return RAFT_OK;
}

/* ---- the loop ------------------------------------------------------------------------- */

static void bad_frame(struct raft_server *s, uint32_t from, int err)
{
    s->stats.bad_frames++;
    if (s->opt.log_level < 1)
        return;
    struct raft_line l;
    raft_line_begin(&l, s->line, sizeof s->line, raft_server_prefix(s));
    raft_line_word(&l, "event");
    raft_line_word(&l, "bad-frame");
    raft_line_field(&l, "from", from);
    raft_line_word(&l, raft_message_error_name(err));
    raft_server_emit(s, raft_line_end(&l));
}

static void receive_frames(struct raft_server *s)
{
    for (unsigned budget = 0; budget < 64 && !s->stopped; budget++) {
        uint32_t from = 0;
        size_t len = 0;
        int rc = raft_transport_receive(s->transport, &from, s->rx, sizeof s->rx, &len);
        if (rc == 0)
            break;
        if (rc < 0) {
            bad_frame(s, from, RAFT_CODEC_ERR_TOO_LARGE);
            continue;
        }
        struct raft_message m;
        int err = raft_message_decode(s->rx, len, &m, s->rx_entries);
        if (err == 0 && (m.from != from || m.to != s->opt.core.id))
            err = RAFT_MSG_ERR_FIELD; /* misrouted or spoofed */
        if (err) {
            bad_frame(s, from, err);
            continue;
        }
        s->stats.frames_in++;
        if (m.type == RAFT_MSG_CLIENT_REQUEST || m.type == RAFT_MSG_CLIENT_REPLY)
            raft_clients_on_message(s, &m);
        else
            raft_core_step(&s->core, &m);
        /* One ready cycle (one sync) for all frames of this round, except
         * that a snapshot chunk borrows s->rx until it is stored, and the
         * core's outbox must keep room for the next step's messages. */
        if (m.type == RAFT_MSG_SNAPSHOT || s->core.outbox_count >= RAFT_OUTBOX_CAPACITY / 2)
            raft_server_handle_ready(s);
    }
    raft_server_handle_ready(s);
}

void raft_server_poll(struct raft_server *s)
{
    if (s->stopped)
        return;
    if (s->snapshot_due) {
        s->snapshot_due = false;
        if (raft_core_wants_snapshot(&s->core, s->opt.snapshot_threshold))
            raft_server_take_snapshot(s);
    }
    uint32_t now = s->platform.now_ms(s->platform.ctx);
    raft_core_tick(&s->core, now);
    raft_server_handle_ready(s);
    receive_frames(s);
    raft_clients_expire(s, now);
    raft_server_handle_ready(s);
}

bool raft_server_stopped(const struct raft_server *s) { return s->stopped; }

uint32_t raft_server_idle_ms(const struct raft_server *s)
{
    if (s->snapshot_due)
        return 0;
    uint32_t wait = s->opt.core.heartbeat_ms / 2;
    return wait ? (wait < 10 ? wait : 10) : 1;
}

void raft_server_status(const struct raft_server *s, struct raft_control_status *st)
{
    memset(st, 0, sizeof *st);
    st->id = s->opt.core.id;
    st->role = (uint8_t)control_role(s);
    st->term = s->core.term;
    st->leader = s->core.leader;
    st->commit = s->core.commit;
    st->applied = s->core.applied;
    st->last_index = raft_core_last_index(&s->core);
    st->snapshot_index = raft_core_snapshot_index(&s->core);
    const struct raft_membership *m = &s->core.membership;
    for (unsigned i = 0; i < m->count; i++) {
        if (m->members[i].role == RAFT_MEMBER_VOTER)
            st->voters[st->voter_count++] = m->members[i].id;
        else
            st->learners[st->learner_count++] = m->members[i].id;
    }
}
