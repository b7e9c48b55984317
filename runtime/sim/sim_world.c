/*
 * sim_world.c — the simulated machine room: clock, network, storage with
 * power cuts, node lifecycle, fault schedule and the step loop.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "raft/raft_message_codec.h"
#include "sim.h"

/* ---- randomness and reporting --------------------------------------------------- */

uint64_t sim_rand(struct sim *s)
{
    uint64_t z = (s->rng += 0x9E3779B97F4A7C15ull); /* splitmix64 */
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

uint32_t sim_rand_below(struct sim *s, uint32_t n) { return n ? (uint32_t)(sim_rand(s) % n) : 0; }
bool sim_chance(struct sim *s, uint32_t permille) { return sim_rand_below(s, 1000) < permille; }

void sim_trace(struct sim *s, const char *fmt, ...)
{
    if (!s->cfg.trace)
        return;
    va_list ap;
    va_start(ap, fmt);
    printf("%8llu ", (unsigned long long)s->now);
    vprintf(fmt, ap);
    printf("\n");
    va_end(ap);
}

void sim_violation(struct sim *s, const char *fmt, ...)
{
    va_list ap;
    if (s->violations++ == 0) {
        va_start(ap, fmt);
        vsnprintf(s->first_violation, sizeof s->first_violation, fmt, ap);
        va_end(ap);
    }
    if (s->cfg.trace) {
        va_start(ap, fmt);
        printf("%8llu VIOLATION ", (unsigned long long)s->now);
        vprintf(fmt, ap);
        printf("\n");
        va_end(ap);
    }
}

struct sim_node *sim_node(struct sim *s, uint32_t id) { return &s->nodes[id - 1]; }

uint32_t sim_random_live_node(struct sim *s)
{
    uint32_t live[SIM_MAX_NODES];
    unsigned n = 0;
    for (unsigned i = 0; i < s->total_nodes; i++)
        if (s->nodes[i].up)
            live[n++] = s->nodes[i].id;
    return n ? live[sim_rand_below(s, n)] : 0;
}

/* ---- network ------------------------------------------------------------------------ */

static void net_send(struct sim *s, uint32_t from, uint32_t to, const void *data, size_t len)
{
    s->stats.frames_sent++;
    if (to < 1 || to > s->total_nodes || s->link_cut[from][to] || sim_chance(s, s->drop_permille)) {
        s->stats.frames_dropped++;
        return;
    }
    unsigned copies = sim_chance(s, s->dup_permille) ? 2 : 1;
    s->stats.frames_duplicated += copies - 1;
    for (unsigned c = 0; c < copies; c++) {
        if (s->flight_count == s->flight_cap) {
            s->flight_cap = s->flight_cap ? 2 * s->flight_cap : 256;
            s->flight = realloc(s->flight, s->flight_cap * sizeof *s->flight);
        }
        struct sim_frame *f = &s->flight[s->flight_count++];
        f->from = from;
        f->to = to;
        f->len = (uint32_t)len;
        f->bytes = malloc(len ? len : 1);
        memcpy(f->bytes, data, len);
        /* a random delay per copy reorders frames */
        f->deliver_at = s->now + 1 + sim_rand_below(s, s->max_delay_ms);
    }
}

/* One readable line per delivered frame (--trace-messages). */
static void trace_frame(struct sim *s, const struct sim_frame *f)
{
    struct raft_message m;
    struct raft_entry_view entries[RAFT_MAX_BATCH];
    int err = raft_message_decode(f->bytes, f->len, &m, entries);
    if (err) {
        sim_trace(s, "  %u->%u undecodable frame (%s)", f->from, f->to, raft_message_error_name(err));
        return;
    }
    char body[160] = "";
    switch (m.type) {
    case RAFT_MSG_PREVOTE:
    case RAFT_MSG_VOTE:
        snprintf(body, sizeof body, "last=%llu@%u%s", (unsigned long long)m.u.vote.last_index, m.u.vote.last_term,
                 m.u.vote.transfer ? " transfer" : "");
        break;
    case RAFT_MSG_PREVOTE_RESP:
    case RAFT_MSG_VOTE_RESP:
        snprintf(body, sizeof body, "%s", m.u.vote_resp.granted ? "granted" : "rejected");
        break;
    case RAFT_MSG_APPEND:
        snprintf(body, sizeof body, "prev=%llu@%u commit=%llu entries=%u seq=%u",
                 (unsigned long long)m.u.append.prev_index, m.u.append.prev_term,
                 (unsigned long long)m.u.append.commit, m.u.append.n_entries, m.u.append.read_seq);
        break;
    case RAFT_MSG_APPEND_RESP:
        snprintf(body, sizeof body, "%s index=%llu hint=%llu@%u seq=%u", m.u.append_resp.success ? "ok" : "reject",
                 (unsigned long long)m.u.append_resp.index, (unsigned long long)m.u.append_resp.hint_index,
                 m.u.append_resp.hint_term, m.u.append_resp.read_seq);
        break;
    case RAFT_MSG_SNAPSHOT:
        snprintf(body, sizeof body, "snap=%llu@%u offset=%u len=%u%s", (unsigned long long)m.u.snapshot.last_index,
                 m.u.snapshot.last_term, m.u.snapshot.offset, m.u.snapshot.len, m.u.snapshot.done ? " done" : "");
        break;
    case RAFT_MSG_SNAPSHOT_RESP:
        snprintf(body, sizeof body, "snap=%llu next=%u%s", (unsigned long long)m.u.snapshot_resp.last_index,
                 m.u.snapshot_resp.next_offset, m.u.snapshot_resp.done ? " done" : "");
        break;
    case RAFT_MSG_CLIENT_REQUEST:
    case RAFT_MSG_CLIENT_REPLY:
        snprintf(body, sizeof body, "ref=%u len=%u", m.u.client.ref, m.u.client.len);
        break;
    default:
        break;
    }
    sim_trace(s, "  %u->%u %s term=%u %s", f->from, f->to, raft_message_type_name(m.type), m.term, body);
}

static void net_deliver_due(struct sim *s)
{
    size_t kept = 0;
    for (size_t i = 0; i < s->flight_count; i++) {
        struct sim_frame *f = &s->flight[i];
        if (f->deliver_at > s->now) {
            s->flight[kept++] = *f;
            continue;
        }
        struct sim_node *n = sim_node(s, f->to);
        struct sim_endpoint *ep = &n->endpoint;
        /* partitions also cut frames already on the wire */
        if (!n->up || s->link_cut[f->from][f->to] || ep->count == SIM_INBOX) {
            s->stats.frames_dropped++;
            free(f->bytes);
            continue;
        }
        if (s->cfg.trace_messages)
            trace_frame(s, f);
        ep->inbox[(ep->head + ep->count) % SIM_INBOX] = *f;
        ep->count++;
    }
    s->flight_count = kept;
}

static int ep_send(void *self, uint32_t to, const void *data, size_t len)
{
    struct sim_endpoint *ep = self;
    if (len > RAFT_MAX_FRAME_SIZE)
        return RAFT_TRANSPORT_ERR_TOO_LARGE;
    ep->stats.sent++;
    /* Only a leader sends AppendEntries: no decode for the other frames. */
    struct sim_node *sender = sim_node(ep->sim, ep->id);
    if (sender->server->core.role == RAFT_LEADER) {
        struct raft_message m;
        struct raft_entry_view entries[RAFT_MAX_BATCH];
        if (raft_message_decode(data, len, &m, entries) == 0 && m.type == RAFT_MSG_APPEND && m.u.append.n_entries)
            sender->storage->appends_since_sync++;
    }
    net_send(ep->sim, ep->id, to, data, len);
    return RAFT_TRANSPORT_OK;
}

static int ep_receive(void *self, uint32_t *from, void *buf, size_t cap, size_t *len)
{
    struct sim_endpoint *ep = self;
    if (!ep->count)
        return 0;
    struct sim_frame f = ep->inbox[ep->head];
    ep->head = (ep->head + 1) % SIM_INBOX;
    ep->count--;
    int rc = 1;
    if (f.len > cap) {
        ep->stats.dropped_oversize++;
        rc = RAFT_TRANSPORT_ERR_TRUNCATED;
    } else {
        memcpy(buf, f.bytes, f.len);
        *len = f.len;
        *from = f.from;
        ep->stats.received++;
    }
    free(f.bytes);
    return rc;
}

static int ep_wait_fd(void *self)
{
    (void)self;
    return -1;
}

static const struct raft_transport_stats *ep_stats(void *self) { return &((struct sim_endpoint *)self)->stats; }

static const struct raft_transport_ops sim_transport_ops = {
    .send = ep_send, .receive = ep_receive, .wait_fd = ep_wait_fd, .stats = ep_stats};

static void ep_clear(struct sim_endpoint *ep)
{
    while (ep->count) {
        free(ep->inbox[ep->head].bytes);
        ep->head = (ep->head + 1) % SIM_INBOX;
        ep->count--;
    }
}

/* ---- storage with power cuts ------------------------------------------------------------ */

static bool st_cut(struct sim_storage *st)
{
    if (st->cut)
        return true;
    if (st->fail_after >= 0 && st->fail_after-- == 0)
        st->cut = true;
    return st->cut;
}

#define CUT_OR(st, call) (st_cut(st) ? RAFT_STORAGE_ERR_IO : (call))
static int st_load(void *self, struct raft_storage_state *out)
{
    struct sim_storage *st = self;
    return st->inner.ops->load(st->inner.self, out);
}
static int st_next(void *self, struct raft_storage_entry *out)
{
    struct sim_storage *st = self;
    return st->inner.ops->next_entry(st->inner.self, out);
}
static int st_hard(void *self, uint64_t term, uint32_t vote)
{
    struct sim_storage *st = self;
    return CUT_OR(st, st->inner.ops->set_hard_state(st->inner.self, term, vote));
}
static int st_append(void *self, const struct raft_storage_entry *e)
{
    struct sim_storage *st = self;
    return CUT_OR(st, st->inner.ops->append(st->inner.self, e));
}
static int st_truncate(void *self, uint64_t from)
{
    struct sim_storage *st = self;
    return CUT_OR(st, st->inner.ops->truncate(st->inner.self, from));
}
static int st_sync(void *self)
{
    struct sim_storage *st = self;
    int rc = CUT_OR(st, st->inner.ops->sync(st->inner.self));
    if (rc == 0)
        st->appends_since_sync = 0;
    return rc;
}
static int st_snap_begin(void *self, const struct raft_snapshot_meta *m)
{
    struct sim_storage *st = self;
    return CUT_OR(st, st->inner.ops->snapshot_begin(st->inner.self, m));
}
static int st_snap_write(void *self, uint32_t off, const void *d, size_t n)
{
    struct sim_storage *st = self;
    return CUT_OR(st, st->inner.ops->snapshot_write(st->inner.self, off, d, n));
}
static int st_snap_commit(void *self)
{
    struct sim_storage *st = self;
    return CUT_OR(st, st->inner.ops->snapshot_commit(st->inner.self));
}
static void st_snap_abort(void *self)
{
    struct sim_storage *st = self;
    st->inner.ops->snapshot_abort(st->inner.self);
}
static int st_snap_read(void *self, uint32_t off, void *buf, size_t cap, size_t *out)
{
    struct sim_storage *st = self;
    return st->inner.ops->snapshot_read(st->inner.self, off, buf, cap, out);
}
static size_t st_describe(void *self, char *buf, size_t cap)
{
    struct sim_storage *st = self;
    return raft_storage_describe_fault(st->inner, buf, cap);
}
/* Designated initializers: an optional entry added to the ops table later is
 * NULL here until the simulator forwards it. */
static const struct raft_storage_ops sim_storage_ops = {
    .load = st_load,
    .next_entry = st_next,
    .set_hard_state = st_hard,
    .append = st_append,
    .truncate = st_truncate,
    .sync = st_sync,
    .snapshot_begin = st_snap_begin,
    .snapshot_write = st_snap_write,
    .snapshot_commit = st_snap_commit,
    .snapshot_abort = st_snap_abort,
    .snapshot_read = st_snap_read,
    .describe_fault = st_describe,
};

static bool storage_crashed(const struct sim_node *n)
{
    return n->storage->file_backed ? n->storage->files.crashed : n->storage->cut;
}

/* ---- platform ----------------------------------------------------------------------------- */

static uint32_t pf_now_ms(void *ctx)
{
    struct sim_node *n = ctx;
    int64_t t = (int64_t)n->sim->now + n->clock_offset + ((int64_t)n->sim->now * n->drift_ppm) / 1000000;
    return (uint32_t)t;
}

static uint64_t pf_now_us(void *ctx) { return (uint64_t)pf_now_ms(ctx) * 1000u; }

static uint32_t pf_seed(void *ctx)
{
    struct sim_node *n = ctx;
    return (uint32_t)sim_rand(n->sim);
}

static void on_line(struct sim *s, struct sim_node *n, const char *line)
{
    sim_trace(s, "n%u> %s", n->id, line);
    if (strncmp(line, "event ", 6) == 0) {
        if (strstr(line, "event fatal") && !storage_crashed(n) && !strstr(line, "storage-load"))
            sim_violation(s, "node %u stopped: %s", n->id, line);
        return;
    }
    char tag[RAFT_CONTROL_TAG_MAX + 2];
    const char *sp = strchr(line, ' ');
    if (!sp || (size_t)(sp - line) > RAFT_CONTROL_TAG_MAX)
        return;
    memcpy(tag, line, (size_t)(sp - line));
    tag[sp - line] = '\0';
    if (strcmp(tag, s->admin_tag) == 0 && s->admin_waiting) {
        s->admin_waiting = false;
        if (strncmp(sp + 1, "ok", 2) == 0)
            s->stats.membership_ok++;
        return;
    }
    sim_clients_on_reply(s, n->id, tag, sp + 1);
}

static void pf_write_line(void *ctx, const char *line, size_t len)
{
    struct sim_node *n = ctx;
    char buf[RAFT_CONTROL_LINE_MAX + 1];
    if (len >= sizeof buf)
        len = sizeof buf - 1;
    memcpy(buf, line, len);
    buf[len] = '\0';
    on_line(n->sim, n, buf);
}

/* ---- nodes ---------------------------------------------------------------------------------- */

static void collect_server_stats(struct sim *s, struct sim_node *n)
{
    s->stats.installs += n->server->stats.snapshots_installed;
    s->stats.snapshots += n->server->stats.snapshots_taken;
    memset(&n->server->stats, 0, sizeof n->server->stats);
}

static void node_start(struct sim *s, struct sim_node *n)
{
    collect_server_stats(s, n);
    struct raft_server_options opt;
    if (raft_server_options_from_cluster(&s->cluster, (raft_node_id_t)n->id, false, &opt))
        abort();
    struct raft_platform pf = {.ctx = n, .now_ms = pf_now_ms, .now_us = pf_now_us, .seed = pf_seed,
                               .write_line = pf_write_line, .idle = NULL};
    struct raft_transport tr = {&sim_transport_ops, &n->endpoint};
    struct raft_storage st = {&sim_storage_ops, n->storage};
    n->storage->cut = false;
    n->storage->fail_after = -1;
    if (n->storage->file_backed) { /* a fresh backend reads the files like a rebooted node */
        n->storage->files.preallocating = n->storage->preallocate_bytes > 0;
        struct raft_file_ops ops = ff_ops(&n->storage->files);
        raft_file_storage_init(&n->storage->file, &ops, n->id);
        n->storage->file.compact_bytes = n->storage->compact_bytes;
        n->storage->file.journal_bytes = n->storage->journal_bytes;
        n->storage->file.preallocate_bytes = n->storage->preallocate_bytes;
        n->storage->inner = raft_file_storage_as_storage(&n->storage->file);
    }
    n->up = true;
    if (raft_server_init(n->server, &opt, st, tr, pf) != RAFT_OK) {
        char detail[200] = "";
        if (n->storage->file_backed)
            raft_file_storage_describe_fault(&n->storage->file, detail, sizeof detail);
        sim_violation(s, "node %u failed to restart from its storage %s", n->id, detail);
    }
    n->checked_applied = n->server->core.applied;
    n->was_leader = false;
}

static void node_crash(struct sim *s, struct sim_node *n, bool torn)
{
    uint32_t keep;
    if (n->storage->file_backed) {
        bool power_loss = sim_chance(s, 700);
        keep = power_loss ? sim_rand_below(s, 200) : 0;
        ff_reboot(&n->storage->files, power_loss, keep);
    } else {
        keep = torn ? sim_rand_below(s, 4) : 0;
        raft_mem_storage_crash(&n->storage->mem, keep);
    }
    if (torn && n->server->core.role == RAFT_LEADER && n->storage->appends_since_sync)
        s->stats.early_append_crashes++;
    n->storage->appends_since_sync = 0;
    n->up = false;
    ep_clear(&n->endpoint);
    n->restart_at = s->now + 50 + sim_rand_below(s, 700);
    s->stats.crashes++;
    s->stats.torn += torn;
    sim_trace(s, "crash n%u%s (keep %u unsynced)", n->id, torn ? " mid-batch" : "", keep);
}

void sim_send_line(struct sim *s, uint32_t node, const char *line)
{
    struct sim_node *n = sim_node(s, node);
    if (!n->up)
        return;
    sim_trace(s, "n%u< %s", node, line);
    raft_server_handle_line(n->server, line, strlen(line));
    if (storage_crashed(n))
        node_crash(s, n, true);
}

/* ---- faults ---------------------------------------------------------------------------------- */

static unsigned live_voters(struct sim *s, uint32_t skip)
{
    /* voters by the configuration the most advanced node knows */
    const struct raft_membership *m = NULL;
    raft_index_t best = 0;
    for (unsigned i = 0; i < s->total_nodes; i++) {
        struct sim_node *n = &s->nodes[i];
        if (n->up && (!m || raft_core_last_index(&n->server->core) >= best)) {
            m = &n->server->core.membership;
            best = raft_core_last_index(&n->server->core);
        }
    }
    if (!m)
        return 0;
    unsigned live = 0;
    for (unsigned i = 0; i < m->count; i++)
        if (m->members[i].role == RAFT_MEMBER_VOTER && m->members[i].id != skip &&
            sim_node(s, m->members[i].id)->up)
            live++;
    return live;
}

static unsigned voter_count(struct sim *s)
{
    unsigned best = 0;
    raft_index_t at = 0;
    for (unsigned i = 0; i < s->total_nodes; i++) {
        struct sim_node *n = &s->nodes[i];
        if (n->up && raft_core_last_index(&n->server->core) >= at) {
            at = raft_core_last_index(&n->server->core);
            best = raft_membership_voters(&n->server->core.membership);
        }
    }
    return best;
}

static void heal(struct sim *s)
{
    memset(s->link_cut, 0, sizeof s->link_cut);
}

static void inject_fault(struct sim *s)
{
    uint32_t kind = sim_rand_below(s, 100);
    unsigned voters = voter_count(s);
    if (kind < 25 && s->cfg.crashes) { /* crash a node, keeping a majority alive */
        uint32_t id = sim_random_live_node(s);
        if (sim_chance(s, 300)) /* often the leader */
            for (unsigned i = 0; i < s->total_nodes; i++)
                if (s->nodes[i].up && s->nodes[i].server->core.role == RAFT_LEADER)
                    id = s->nodes[i].id;
        if (id && live_voters(s, id) >= voters / 2 + 1) {
            struct sim_node *n = sim_node(s, id);
            if (sim_chance(s, 400)) { /* power cut inside a future batch */
                if (n->storage->file_backed) {
                    long ops = (long)sim_rand_below(s, 12);
                    ff_arm(&n->storage->files, ops, sim_rand_below(s, 40));
                    sim_trace(s, "arm crash on n%u after %ld file operations", id, ops);
                } else {
                    n->storage->fail_after = (int32_t)sim_rand_below(s, 6);
                    sim_trace(s, "arm power cut on n%u after %d storage ops", id, n->storage->fail_after);
                }
            } else {
                node_crash(s, n, false);
            }
        }
    } else if (kind < 45) { /* partition: isolate one node, or split off a minority */
        heal(s);
        unsigned minority = 1 + sim_rand_below(s, (voters - 1) / 2 > 0 ? (voters - 1) / 2 : 1);
        bool side[SIM_MAX_NODES + 1] = {false};
        for (unsigned k = 0; k < minority; k++)
            side[1 + sim_rand_below(s, s->total_nodes)] = true;
        for (unsigned a = 1; a <= s->total_nodes; a++)
            for (unsigned b = 1; b <= s->total_nodes; b++)
                s->link_cut[a][b] = side[a] != side[b];
        if (sim_chance(s, 300)) { /* asymmetric: one direction heals */
            for (unsigned a = 1; a <= s->total_nodes; a++)
                for (unsigned b = 1; b <= s->total_nodes; b++)
                    if (side[a])
                        s->link_cut[a][b] = false;
        }
        s->stats.partitions++;
        sim_trace(s, "partition (%u nodes cut off)", minority);
    } else if (kind < 60) {
        heal(s);
        sim_trace(s, "heal");
    } else if (kind < 75) { /* network quality */
        s->drop_permille = sim_rand_below(s, 4) == 0 ? 0 : sim_rand_below(s, 150);
        s->dup_permille = sim_rand_below(s, 60);
        s->max_delay_ms = 1 + sim_rand_below(s, sim_chance(s, 200) ? 60 : 12);
        sim_trace(s, "net drop=%u%% dup=%u%% delay<=%ums", s->drop_permille / 10, s->dup_permille / 10,
                  s->max_delay_ms);
    } else if (kind < 85) { /* leadership transfer to a random node */
        uint32_t to = 1 + sim_rand_below(s, s->total_nodes);
        uint32_t at = sim_random_live_node(s);
        if (at) {
            char line[64];
            snprintf(line, sizeof line, "tr%u transfer %u", (unsigned)s->stats.transfers, to);
            s->stats.transfers++;
            sim_send_line(s, at, line);
        }
    } else if (kind < 90) { /* explicit snapshot on a random node */
        uint32_t at = sim_random_live_node(s);
        if (at) {
            sim_send_line(s, at, "snap snapshot");
        }
    } else {
        sim_admin_step(s);
    }
}

/* ---- the run ----------------------------------------------------------------------------------- */

static void setup(struct sim *s, const struct sim_config *cfg)
{
    memset(s, 0, sizeof *s);
    s->cfg = *cfg;
    s->rng = cfg->seed * 0x2545F4914F6CDD1Dull + 1;
    s->total_nodes = cfg->nodes + 1 <= SIM_MAX_NODES ? cfg->nodes + 1 : cfg->nodes;
    s->max_delay_ms = 5;
    lincheck_history_init(&s->history);
    struct raft_cluster_config *cc = &s->cluster;
    cc->name = "sim";
    cc->election_timeout_min_ms = 150;
    cc->election_timeout_max_ms = 300;
    cc->heartbeat_ms = 30;
    cc->lease_ms = sim_chance(s, 500) ? 120 : 0; /* half the seeds read by lease */
    cc->pre_vote = !sim_chance(s, 150);
    cc->check_quorum = cc->lease_ms || !sim_chance(s, 150);
    cc->snapshot_threshold = 8 + sim_rand_below(s, 24);
    cc->request_timeout_ms = 800;
    cc->log_level = 1;
    cc->node_count = (uint8_t)s->total_nodes;
    for (unsigned i = 0; i < s->total_nodes; i++) {
        cc->nodes[i].id = (raft_node_id_t)(i + 1);
        cc->nodes[i].initial_role = i < cfg->nodes ? RAFT_INITIAL_VOTER : RAFT_INITIAL_SPARE;
    }
    sim_trace(s, "seed %llu: %u voters + %u spare, lease=%u pre_vote=%d check_quorum=%d snapshot_threshold=%u",
              (unsigned long long)cfg->seed, cfg->nodes, s->total_nodes - cfg->nodes, cc->lease_ms, cc->pre_vote,
              cc->check_quorum, cc->snapshot_threshold);
    for (unsigned i = 0; i < s->total_nodes; i++) {
        struct sim_node *n = &s->nodes[i];
        n->id = i + 1;
        n->exists = true;
        n->sim = s;
        n->clock_offset = (int64_t)sim_rand_below(s, 100000);
        n->drift_ppm = cfg->bench ? 0 : (int32_t)sim_rand_below(s, 10001) - 5000; /* +-0.5 % */
        n->server = calloc(1, sizeof *n->server);
        n->storage = calloc(1, sizeof *n->storage);
        raft_mem_storage_init(&n->storage->mem);
        n->storage->inner = raft_mem_storage_as_storage(&n->storage->mem);
        ff_init(&n->storage->files);
        n->storage->file_backed = !cfg->bench && sim_chance(s, 300);
        /* a third each: the defaults (no rewrite in a run), small thresholds
         * (a rewrite every few snapshots), 1 (a rewrite at every chance) */
        uint32_t rewrites = sim_rand_below(s, 3);
        uint32_t compact = 2000 + sim_rand_below(s, 6000), journal = 200 + sim_rand_below(s, 800);
        n->storage->compact_bytes = rewrites == 0 ? RAFT_FILE_COMPACT_BYTES : rewrites == 1 ? compact : 1;
        n->storage->journal_bytes = rewrites == 0 ? RAFT_FILE_JOURNAL_BYTES : rewrites == 1 ? journal : 1;
        /* half the file nodes preallocate their log like native nodes, in
         * steps small enough to extend it often */
        n->storage->preallocate_bytes = sim_chance(s, 500) ? 64 + sim_rand_below(s, 4096) : 0;
        s->stats.file_nodes += n->storage->file_backed;
        n->endpoint.sim = s;
        n->endpoint.id = n->id;
        node_start(s, n);
    }
    sim_clients_init(s);
}

static void teardown(struct sim *s)
{
    for (unsigned i = 0; i < s->total_nodes; i++) {
        collect_server_stats(s, &s->nodes[i]);
        ep_clear(&s->nodes[i].endpoint);
        free(s->nodes[i].server);
        if (s->nodes[i].storage->file_backed)
            raft_file_storage_close(&s->nodes[i].storage->file);
        ff_free(&s->nodes[i].storage->files);
        free(s->nodes[i].storage);
        free(s->nodes[i].leader_window);
    }
    for (size_t i = 0; i < s->flight_count; i++)
        free(s->flight[i].bytes);
    free(s->flight);
    lincheck_history_free(&s->history);
    sim_check_free(s);
}

static void step(struct sim *s, bool faults, bool issue_new)
{
    s->now++;
    s->stats.steps++;
    net_deliver_due(s);
    for (unsigned i = 0; i < s->total_nodes; i++) {
        struct sim_node *n = &s->nodes[i];
        if (!n->up) {
            if (n->restart_at && s->now >= n->restart_at) {
                n->restart_at = 0;
                s->stats.restarts++;
                sim_trace(s, "restart n%u", n->id);
                node_start(s, n);
            }
            continue;
        }
        raft_server_poll(n->server);
        if (storage_crashed(n))
            node_crash(s, n, true);
    }
    if (faults && sim_chance(s, 8))
        inject_fault(s);
    sim_clients_step(s, issue_new);
    sim_check_step(s);
}

/* An idle cluster only exchanges heartbeats: every heartbeat interval the
 * leader sends one frame per peer and gets one answer. Anything far above
 * that is a message storm (e.g. two nodes answering each other forever). */
static void check_idle_traffic(struct sim *s)
{
    const uint64_t window = 600;
    uint64_t before = s->stats.frames_sent;
    for (uint64_t t = 0; t < window && !s->violations; t++)
        step(s, false, false);
    uint64_t sent = s->stats.frames_sent - before;
    uint64_t rounds = window / s->cluster.heartbeat_ms + 2;
    uint64_t budget = 2 * rounds * (s->total_nodes - 1) * 2; /* x2 slack */
    if (sent > budget)
        sim_violation(s, "message storm: %llu frames in %llu idle ms (budget %llu)", (unsigned long long)sent,
                      (unsigned long long)window, (unsigned long long)budget);
}

int sim_run(const struct sim_config *cfg, struct sim_stats *stats, char *why, size_t why_cap)
{
    struct sim *s = malloc(sizeof *s);
    setup(s, cfg);
    while (s->now < cfg->duration_ms && !s->violations)
        step(s, !cfg->bench, true);
    /* fault-free tail: heal, restart everyone, let clients finish */
    heal(s);
    s->drop_permille = s->dup_permille = 0;
    s->max_delay_ms = 3;
    for (unsigned i = 0; i < s->total_nodes; i++) {
        s->nodes[i].storage->fail_after = -1;
        if (!s->nodes[i].storage->files.crashed)
            s->nodes[i].storage->files.budget = -1;
        if (!s->nodes[i].up && !s->nodes[i].restart_at)
            s->nodes[i].restart_at = s->now + 1;
    }
    uint64_t end = s->now + cfg->quiet_ms;
    char why_not[200] = "";
    bool converged = false;
    while (s->now < end && !s->violations) {
        step(s, false, false);
        if ((converged = sim_converged(s, why_not, sizeof why_not)))
            break;
    }
    if (!s->violations && !converged)
        sim_violation(s, "liveness: not converged %llu ms after the faults stopped: %s",
                      (unsigned long long)cfg->quiet_ms, why_not);
    if (!s->violations)
        sim_check_final(s);
    if (!s->violations)
        check_idle_traffic(s);
    int v = (int)s->violations;
    if (v)
        snprintf(why, why_cap, "%s", s->first_violation);
    teardown(s);
    *stats = s->stats;
    free(s);
    return v;
}
