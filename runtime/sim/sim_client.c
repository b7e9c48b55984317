/*
 * sim_client.c — the workload: clients issuing put/get/del lines to random
 * nodes with retries (same sequence number, so a write applies once), the
 * history they observe for the linearizability check, and the admin who
 * changes the membership.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "sim.h"

/* Invocations and responses in the exact order they happen (the simulator is
 * sequential), so "returned before invoked" is real time, not a 1 ms bucket. */
static uint64_t event_clock(struct sim *s) { return ++s->event_seq; }

void sim_clients_init(struct sim *s)
{
    s->client_count = s->cfg.bench ? SIM_MAX_CLIENTS : 2 + sim_rand_below(s, SIM_MAX_CLIENTS - 1);
    for (unsigned i = 0; i < s->client_count; i++) {
        struct sim_client *c = &s->clients[i];
        memset(c, 0, sizeof *c);
        c->id = 100 + i;
        c->next_at = 300 + sim_rand_below(s, 100);
    }
}

bool sim_clients_idle(const struct sim *s)
{
    for (unsigned i = 0; i < s->client_count; i++)
        if (s->clients[i].state != OP_IDLE)
            return false;
    return true;
}

static void send_attempt(struct sim *s, struct sim_client *c)
{
    c->attempt++;
    if (!c->target || !sim_node(s, c->target)->up)
        c->target = sim_random_live_node(s);
    snprintf(c->tag, sizeof c->tag, "c%u.%u.%u", c->id, c->op_count, c->attempt);
    char line[160];
    switch (c->kind) {
    case LINCHECK_PUT:
        snprintf(line, sizeof line, "%s put %u %llu %s %s", c->tag, c->id, (unsigned long long)c->write_seq,
                 c->key, c->value);
        break;
    case LINCHECK_DEL:
        snprintf(line, sizeof line, "%s del %u %llu %s", c->tag, c->id, (unsigned long long)c->write_seq, c->key);
        break;
    default:
        snprintf(line, sizeof line, "%s get %u %llu %s", c->tag, c->id, (unsigned long long)c->write_seq, c->key);
        break;
    }
    c->state = OP_WAITING;
    c->deadline = s->now + 1200; /* the node answers `timeout` after 800 ms; this covers crashes */
    if (c->target)
        sim_send_line(s, c->target, line);
}

static void record(struct sim *s, struct sim_client *c, bool done, uint8_t outcome, const uint8_t *value,
                   uint32_t value_len)
{
    if (!done && c->kind == LINCHECK_GET) {
        c->state = OP_IDLE; /* an unanswered read constrains nothing */
        s->stats.ops_unknown++;
        return;
    }
    struct lincheck_op op;
    memset(&op, 0, sizeof op);
    op.client = c->id;
    op.invoke = c->invoke;
    op.response = done ? event_clock(s) : LINCHECK_PENDING;
    op.kind = c->kind;
    op.outcome = done ? outcome : LINCHECK_UNKNOWN;
    op.key = (uint8_t *)c->key;
    op.key_len = (uint32_t)strlen(c->key);
    if (c->kind == LINCHECK_PUT) {
        op.value = (uint8_t *)c->value;
        op.value_len = (uint32_t)strlen(c->value);
    } else if (c->kind == LINCHECK_GET && outcome == LINCHECK_OK) {
        op.value = (uint8_t *)value;
        op.value_len = value_len;
    }
    if (!lincheck_history_add(&s->history, &op))
        sim_violation(s, "history rejected an operation of client %u", c->id);
    if (done)
        s->stats.ops_ok++;
    else
        s->stats.ops_unknown++;
    sim_trace(s, "client %u %s %s: %s", c->id,
              c->kind == LINCHECK_PUT ? "put" : c->kind == LINCHECK_DEL ? "del" : "get", c->key,
              done ? (outcome == LINCHECK_ABSENT ? "absent" : "ok") : "gave up (unknown)");
    c->state = OP_IDLE;
    c->next_at = s->now + (s->cfg.bench ? 0 : sim_rand_below(s, 20));
}

static void start_op(struct sim *s, struct sim_client *c)
{
    uint32_t r = sim_rand_below(s, 100);
    c->kind = r < 45 ? LINCHECK_PUT : r < 85 ? LINCHECK_GET : LINCHECK_DEL;
    c->op_count++;
    snprintf(c->key, sizeof c->key, "k%u", sim_rand_below(s, SIM_KEYS));
    snprintf(c->value, sizeof c->value, "c%uv%u", c->id, c->op_count);
    if (c->kind != LINCHECK_GET)
        c->write_seq = ++c->seq;
    c->invoke = event_clock(s);
    c->give_up_at = s->now + 4000;
    c->attempt = 0;
    c->target = 0;
    send_attempt(s, c);
}

static void retry_later(struct sim *s, struct sim_client *c, uint32_t hint)
{
    s->stats.ops_failed_retried++;
    c->state = OP_BACKOFF;
    c->next_at = s->now + 5 + sim_rand_below(s, 40);
    c->target = hint && hint <= s->total_nodes ? hint : 0;
}

void sim_clients_step(struct sim *s, bool issue_new)
{
    for (unsigned i = 0; i < s->client_count; i++) {
        struct sim_client *c = &s->clients[i];
        if (c->state == OP_IDLE && issue_new && s->now >= c->next_at)
            start_op(s, c);
        else if (c->state == OP_WAITING && s->now >= c->deadline)
            retry_later(s, c, 0); /* the node crashed or the reply was lost */
        else if (c->state == OP_BACKOFF && s->now >= c->next_at) {
            if (s->now >= c->give_up_at)
                record(s, c, false, LINCHECK_UNKNOWN, NULL, 0);
            else
                send_attempt(s, c);
        }
    }
}

bool sim_clients_on_reply(struct sim *s, uint32_t node, const char *tag, const char *rest)
{
    (void)node;
    for (unsigned i = 0; i < s->client_count; i++) {
        struct sim_client *c = &s->clients[i];
        if (c->state != OP_WAITING || strcmp(c->tag, tag) != 0)
            continue;
        if (strcmp(rest, "ok") == 0) {
            if (c->kind == LINCHECK_GET)
                sim_violation(s, "get answered plain ok: %s %s", tag, rest);
            record(s, c, true, LINCHECK_OK, NULL, 0);
        } else if (strncmp(rest, "value ", 6) == 0) {
            uint8_t value[RAFT_KV_MAX_VALUE_LEN];
            int32_t n = raft_control_decode_token(rest + 6, strlen(rest + 6), value, sizeof value);
            if (c->kind != LINCHECK_GET || n < 0)
                sim_violation(s, "unexpected value reply: %s %s", tag, rest);
            else
                record(s, c, true, LINCHECK_OK, value, (uint32_t)n);
        } else if (strcmp(rest, "not-found") == 0) {
            if (c->kind == LINCHECK_PUT)
                sim_violation(s, "put answered not-found: %s", tag);
            record(s, c, true, LINCHECK_ABSENT, NULL, 0);
        } else if (strncmp(rest, "err ", 4) == 0) {
            const char *code = rest + 4;
            if (strncmp(code, "stale", 5) == 0 || strncmp(code, "full", 4) == 0 ||
                strncmp(code, "bad-request", 11) == 0 || strncmp(code, "key-too-long", 12) == 0) {
                sim_violation(s, "impossible error for a well-formed request: %s %s", tag, rest);
                c->state = OP_IDLE;
                return true;
            }
            uint32_t hint = 0;
            if (strncmp(code, "not-leader ", 11) == 0)
                hint = (uint32_t)strtoul(code + 11, NULL, 10);
            retry_later(s, c, hint);
        } else {
            sim_violation(s, "unparsable reply: %s %s", tag, rest);
            c->state = OP_IDLE;
        }
        return true;
    }
    return false;
}

/* ---- membership changes -------------------------------------------------------------------- */

void sim_admin_step(struct sim *s)
{
    if (s->admin_waiting && s->now < s->admin_deadline)
        return;
    /* decide from the configuration of the most advanced live node */
    const struct raft_membership *m = NULL;
    raft_index_t best = 0;
    for (unsigned i = 0; i < s->total_nodes; i++) {
        struct sim_node *n = &s->nodes[i];
        if (n->up && (!m || raft_core_last_index(&n->server->core) >= best)) {
            m = &n->server->core.membership;
            best = raft_core_last_index(&n->server->core);
        }
    }
    uint32_t at = sim_random_live_node(s);
    if (!m || !at)
        return;
    char line[64];
    snprintf(s->admin_tag, sizeof s->admin_tag, "adm%u", s->admin_ops++);
    uint32_t outsider = 0, learner = 0;
    for (unsigned i = 0; i < s->total_nodes; i++) {
        int k = raft_membership_find(m, (raft_node_id_t)(i + 1));
        if (k < 0)
            outsider = i + 1;
        else if (m->members[k].role == RAFT_MEMBER_LEARNER)
            learner = i + 1;
    }
    unsigned voters = raft_membership_voters(m);
    if (learner) {
        snprintf(line, sizeof line, "%s promote %u", s->admin_tag, learner);
    } else if (outsider && (voters <= 3 || sim_chance(s, 600))) {
        snprintf(line, sizeof line, "%s add %u", s->admin_tag, outsider);
    } else if (voters > 3) {
        uint32_t victim = m->members[sim_rand_below(s, m->count)].id;
        snprintf(line, sizeof line, "%s remove %u", s->admin_tag, victim);
    } else {
        return;
    }
    s->admin_waiting = true;
    s->admin_deadline = s->now + 1500;
    sim_send_line(s, at, line);
}
