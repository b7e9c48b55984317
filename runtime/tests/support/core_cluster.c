/* core_cluster.c — see core_cluster.h. */
#include "core_cluster.h"

#include <stdlib.h>
#include <string.h>

#include "raft/raft_message_codec.h"

static struct cc_node *node(struct cc_cluster *cl, raft_node_id_t id) { return &cl->nodes[id - 1]; }
struct raft_core *cc_core(struct cc_cluster *cl, raft_node_id_t id) { return &node(cl, id)->core; }

static void start_node(struct cc_cluster *cl, raft_node_id_t id)
{
    struct cc_node *nd = node(cl, id);
    struct raft_core_options o = cl->opt;
    o.id = id;
    o.seed = 1000u + id;
    int rc = raft_core_init(&nd->core, &o, &cl->bootstrap, cl->now);
    if (rc)
        abort();
    raft_core_restore_hard_state(&nd->core, nd->term, nd->vote);
    if (nd->snap_index)
        raft_core_restore_snapshot(&nd->core, nd->snap_index, nd->snap_term, &nd->snap_membership);
    for (raft_index_t i = nd->snap_index + 1; i <= nd->log_last; i++) {
        struct raft_entry_view e = {nd->log[i].term, nd->log[i].type, nd->log[i].len, nd->log[i].data};
        if (raft_core_restore_entry(&nd->core, i, &e))
            abort();
    }
    /* state machine = snapshot */
    memcpy(nd->sm, nd->snap_data, nd->snap_len);
    nd->sm_len = nd->snap_len;
    nd->up = true;
}

void cc_init_members(struct cc_cluster *cl, unsigned n, unsigned voters, bool pre_vote, bool check_quorum,
                     uint32_t lease_ms)
{
    memset(cl, 0, sizeof *cl);
    cl->n = n;
    cl->now = 1000;
    cl->opt.election_timeout_min_ms = 100;
    cl->opt.election_timeout_max_ms = 200;
    cl->opt.heartbeat_ms = 20;
    cl->opt.pre_vote = pre_vote;
    cl->opt.check_quorum = check_quorum;
    cl->opt.lease_ms = lease_ms;
    cl->queue = calloc(CC_QUEUE, sizeof *cl->queue);
    for (unsigned i = 0; i < voters; i++) {
        cl->bootstrap.members[i].id = (raft_node_id_t)(i + 1);
        cl->bootstrap.members[i].role = RAFT_MEMBER_VOTER;
    }
    cl->bootstrap.count = (uint8_t)voters;
    for (unsigned i = 1; i <= n; i++) {
        node(cl, (raft_node_id_t)i)->log = calloc(CC_LOG_MAX, sizeof(struct cc_persisted_entry));
        start_node(cl, (raft_node_id_t)i);
    }
}

void cc_init(struct cc_cluster *cl, unsigned n, bool pre_vote, bool check_quorum, uint32_t lease_ms)
{
    cc_init_members(cl, n, n, pre_vote, check_quorum, lease_ms);
}

void cc_free(struct cc_cluster *cl)
{
    for (unsigned i = 1; i <= cl->n; i++)
        free(node(cl, (raft_node_id_t)i)->log);
    free(cl->queue);
}

static bool entry_source(const void *ctx, raft_index_t index, struct raft_entry_view *out)
{
    return raft_core_entry(ctx, index, out);
}

static void enqueue(struct cc_cluster *cl, struct cc_node *nd, const struct raft_message *msg)
{
    struct raft_message m = *msg;
    if (m.type == RAFT_MSG_SNAPSHOT && m.u.snapshot.data == NULL) {
        /* The stored snapshot supplies the chunk. */
        uint32_t off = m.u.snapshot.offset;
        if (m.u.snapshot.last_index != nd->snap_index || off > nd->snap_len)
            return;
        uint32_t n = nd->snap_len - off;
        if (n > RAFT_SNAPSHOT_CHUNK)
            n = RAFT_SNAPSHOT_CHUNK;
        m.u.snapshot.data = nd->snap_data + off;
        m.u.snapshot.len = (uint16_t)n;
        m.u.snapshot.done = off + n == nd->snap_len;
    }
    cl->sent_by_type[m.type]++;
    if (cl->q_count == CC_QUEUE)
        abort();
    struct cc_frame *f = &cl->queue[(cl->q_head + cl->q_count) % CC_QUEUE];
    int32_t len = raft_message_encode(&m, entry_source, &nd->core, f->bytes, sizeof f->bytes);
    if (len < 0)
        abort();
    f->len = (uint16_t)len;
    f->from = m.from;
    f->to = m.to;
    cl->q_count++;
}

static void handle_ready(struct cc_cluster *cl, struct cc_node *nd)
{
    struct raft_core *c = &nd->core;
    if (!raft_core_has_ready(c))
        return;
    struct raft_ready rd;
    raft_core_ready(c, &rd);
    if (rd.hard_state_changed) {
        nd->term = rd.term;
        nd->vote = rd.vote;
        nd->hard_state_writes++;
    }
    if (rd.snapshot) {
        const struct raft_snapshot_chunk *ch = rd.snapshot;
        memcpy(nd->recv_data + ch->offset, ch->data, ch->len);
        if (ch->done) {
            nd->snap_index = ch->last_index;
            nd->snap_term = ch->last_term;
            nd->snap_membership = *ch->membership;
            nd->snap_len = ch->offset + ch->len;
            memcpy(nd->snap_data, nd->recv_data, nd->snap_len);
            nd->log_last = ch->last_index; /* whole log dropped */
        }
    }
    if (rd.truncate_from && rd.truncate_from <= nd->log_last)
        nd->log_last = rd.truncate_from - 1;
    for (raft_index_t i = rd.append_from; i <= rd.append_to; i++) {
        struct raft_entry_view e;
        if (!raft_core_entry(c, i, &e) || i != nd->log_last + 1 || i >= CC_LOG_MAX)
            abort();
        nd->log[i].term = e.term;
        nd->log[i].type = e.type;
        nd->log[i].len = e.len;
        memcpy(nd->log[i].data, e.data, e.len);
        nd->log_last = i;
    }
    for (uint16_t k = 0; k < rd.n_messages; k++)
        enqueue(cl, nd, &rd.messages[k]);
    if (rd.snapshot_installed) {
        memcpy(nd->sm, nd->snap_data, nd->snap_len);
        nd->sm_len = nd->snap_len;
    }
    for (raft_index_t i = rd.apply_from; i <= rd.apply_to; i++) {
        struct raft_entry_view e;
        if (!raft_core_entry(c, i, &e))
            abort();
        if (e.type == RAFT_ENTRY_COMMAND && nd->sm_len + e.len <= CC_SM_BYTES) {
            memcpy(nd->sm + nd->sm_len, e.data, e.len);
            nd->sm_len += e.len;
        }
        nd->applied_count++;
    }
    for (uint16_t k = 0; k < rd.n_reads && nd->reads_done < 64; k++) {
        nd->read_tags[nd->reads_done] = rd.reads[k].tag;
        nd->read_index[nd->reads_done] = rd.reads[k].index;
        nd->read_status[nd->reads_done] = rd.reads[k].status;
        nd->reads_done++;
    }
    raft_core_advance(c, &rd);
}

void cc_flush(struct cc_cluster *cl)
{
    for (unsigned i = 1; i <= cl->n; i++)
        if (node(cl, (raft_node_id_t)i)->up)
            handle_ready(cl, node(cl, (raft_node_id_t)i));
}

bool cc_deliver_one(struct cc_cluster *cl)
{
    if (!cl->q_count)
        return false;
    struct cc_frame *f = &cl->queue[cl->q_head];
    cl->q_head = (cl->q_head + 1) % CC_QUEUE;
    cl->q_count--;
    struct raft_message m;
    struct raft_entry_view entries[RAFT_MAX_BATCH];
    if (raft_message_decode(f->bytes, f->len, &m, entries))
        abort();
    bool dropped = f->to < 1 || f->to > cl->n || cl->cut[f->from][f->to] || !node(cl, f->to)->up;
    if (cl->on_frame)
        cl->on_frame(cl->on_frame_ctx, &m, dropped);
    if (dropped)
        return true;
    struct cc_node *nd = node(cl, f->to);
    raft_core_step(&nd->core, &m);
    handle_ready(cl, nd); /* before the frame buffer is reused */
    cl->delivered++;
    return true;
}

unsigned cc_settle(struct cc_cluster *cl)
{
    unsigned n = 0;
    cc_flush(cl);
    while (n < 100000 && cc_deliver_one(cl))
        n++;
    return n;
}

void cc_advance(struct cc_cluster *cl, uint32_t ms)
{
    for (uint32_t t = 0; t < ms; t++) {
        cl->now++;
        for (unsigned i = 1; i <= cl->n; i++)
            if (node(cl, (raft_node_id_t)i)->up)
                raft_core_tick(&node(cl, (raft_node_id_t)i)->core, cl->now);
        cc_settle(cl);
    }
}

void cc_drop_queue(struct cc_cluster *cl) { cl->q_count = 0; }

void cc_isolate(struct cc_cluster *cl, raft_node_id_t id, bool isolated)
{
    for (unsigned i = 1; i <= CC_MAX_NODES; i++) {
        cl->cut[id][i] = isolated;
        cl->cut[i][id] = isolated;
    }
}

void cc_cut(struct cc_cluster *cl, raft_node_id_t a, raft_node_id_t b, bool cut)
{
    cl->cut[a][b] = cut;
    cl->cut[b][a] = cut;
}

void cc_elect(struct cc_cluster *cl, raft_node_id_t id)
{
    /* Make `id`'s timer the first to fire (other timers are >= 100 ms away),
     * then run everyone until settled. */
    cc_core(cl, id)->election_deadline = cl->now + 1;
    cc_advance(cl, 1);
    cc_settle(cl);
}

raft_node_id_t cc_leader(struct cc_cluster *cl)
{
    raft_node_id_t best = 0;
    raft_term_t term = 0;
    for (unsigned i = 1; i <= cl->n; i++) {
        struct cc_node *nd = node(cl, (raft_node_id_t)i);
        if (nd->up && nd->core.role == RAFT_LEADER && nd->core.term >= term) {
            best = (raft_node_id_t)i;
            term = nd->core.term;
        }
    }
    return best;
}

int cc_propose(struct cc_cluster *cl, raft_node_id_t id, const char *text)
{
    raft_index_t index;
    raft_term_t term;
    int rc = raft_core_propose(cc_core(cl, id), (const uint8_t *)text, (uint16_t)strlen(text), &index, &term);
    cc_flush(cl);
    return rc;
}

void cc_crash(struct cc_cluster *cl, raft_node_id_t id)
{
    struct cc_node *nd = node(cl, id);
    nd->up = false;
    memset(&nd->core, 0xA5, sizeof nd->core); /* memory is gone */
}

void cc_restart(struct cc_cluster *cl, raft_node_id_t id) { start_node(cl, id); }

void cc_snapshot(struct cc_cluster *cl, raft_node_id_t id)
{
    struct cc_node *nd = node(cl, id);
    struct raft_core *c = &nd->core;
    raft_index_t at = c->applied;
    if (at <= raft_core_snapshot_index(c))
        return;
    struct raft_membership m;
    raft_core_membership_at(c, at, &m);
    raft_core_term_at(c, at, &nd->snap_term);
    nd->snap_index = at;
    nd->snap_membership = m;
    memcpy(nd->snap_data, nd->sm, nd->sm_len);
    nd->snap_len = nd->sm_len;
    if (raft_core_snapshot_taken(c, at))
        abort();
}
