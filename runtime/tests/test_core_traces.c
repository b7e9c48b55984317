/*
 * test_core_traces.c — data-driven protocol tests (after etcd-io/raft's
 * interaction tests). Each tests/traces/NAME.trace file is a script: a command
 * per line, followed by its expected output indented by two spaces. Output is
 * what the command made happen: every frame delivered (or dropped on a cut
 * link), and the answers of status-like commands. A difference fails the test
 * and prints both; RAFT_REWRITE_TRACES=1 rewrites the files with the actual
 * output (review the diff before committing it).
 *
 * Commands:
 *   cluster N [voters=V] [prevote] [checkquorum] [lease=MS]
 *   campaign ID            make ID's election timer fire now
 *   stabilize              deliver until no frame is left
 *   deliver N              deliver the next N frames (then flush ready batches)
 *   tick MS                advance every clock MS ms, delivering as it goes
 *   tick-node ID MS        advance only ID's clock MS ms, delivering nothing
 *   propose ID TEXT        raft_core_propose
 *   propose-many ID TEXT... several proposals, then one ready batch
 *   read ID TAG            raft_core_read_index
 *   transfer ID TO         raft_core_transfer_leadership
 *   add|promote|remove ID TARGET
 *   isolate ID | heal ID | cut A B | uncut A B
 *   crash ID | restart ID | snapshot ID
 *   status ID...           role term leader commit applied last snapshot membership
 *   reads ID               read states the node's ready batches produced
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "raft/raft_core.h"
#include "support/core_cluster.h"

#ifndef TRACE_DIR
#define TRACE_DIR "tests/traces"
#endif

struct out {
    char *buf;
    size_t len, cap;
};

static void out_printf(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void out_printf(struct out *o, const char *fmt, ...)
{
    va_list ap;
    for (;;) {
        va_start(ap, fmt);
        int n = vsnprintf(o->buf + o->len, o->cap - o->len, fmt, ap);
        va_end(ap);
        if (n >= 0 && o->len + (size_t)n < o->cap) {
            o->len += (size_t)n;
            return;
        }
        o->cap = o->cap * 2 + 256;
        o->buf = realloc(o->buf, o->cap);
    }
}

static const char *entry_type(uint8_t t) { return t == RAFT_ENTRY_NOOP ? "noop" : t == RAFT_ENTRY_CONFIG ? "conf" : "cmd"; }

static void format_message(struct out *o, const struct raft_message *m, bool dropped)
{
    out_printf(o, "  %u->%u %s term=%u", m->from, m->to, raft_message_type_name(m->type), m->term);
    switch (m->type) {
    case RAFT_MSG_PREVOTE:
    case RAFT_MSG_VOTE:
        out_printf(o, " last=%llu@%u%s", (unsigned long long)m->u.vote.last_index, m->u.vote.last_term,
                   m->u.vote.transfer ? " transfer" : "");
        break;
    case RAFT_MSG_PREVOTE_RESP:
    case RAFT_MSG_VOTE_RESP:
        out_printf(o, " %s", m->u.vote_resp.granted ? "granted" : "rejected");
        break;
    case RAFT_MSG_APPEND:
        out_printf(o, " prev=%llu@%u commit=%llu", (unsigned long long)m->u.append.prev_index, m->u.append.prev_term,
                   (unsigned long long)m->u.append.commit);
        if (m->u.append.read_seq)
            out_printf(o, " seq=%u", m->u.append.read_seq);
        out_printf(o, " [");
        for (unsigned k = 0; k < m->u.append.n_entries; k++) {
            const struct raft_entry_view *e = &m->u.append.entries[k];
            out_printf(o, "%s%llu@%u %s", k ? ", " : "", (unsigned long long)(m->u.append.prev_index + 1 + k), e->term,
                       entry_type(e->type));
            if (e->type == RAFT_ENTRY_COMMAND) /* long payloads abbreviated */
                out_printf(o, " %.*s%s", e->len > 12 ? 12 : e->len, (const char *)e->data, e->len > 12 ? "..." : "");
        }
        out_printf(o, "]");
        break;
    case RAFT_MSG_APPEND_RESP:
        if (m->u.append_resp.success)
            out_printf(o, " ok match=%llu", (unsigned long long)m->u.append_resp.index);
        else if (m->u.append_resp.index || m->u.append_resp.hint_index)
            out_printf(o, " reject prev=%llu hint=%llu@%u", (unsigned long long)m->u.append_resp.index,
                       (unsigned long long)m->u.append_resp.hint_index, m->u.append_resp.hint_term);
        else
            out_printf(o, " stale-term");
        if (m->u.append_resp.read_seq)
            out_printf(o, " seq=%u", m->u.append_resp.read_seq);
        break;
    case RAFT_MSG_SNAPSHOT:
        out_printf(o, " snap=%llu@%u offset=%u len=%u%s", (unsigned long long)m->u.snapshot.last_index,
                   m->u.snapshot.last_term, m->u.snapshot.offset, m->u.snapshot.len, m->u.snapshot.done ? " done" : "");
        break;
    case RAFT_MSG_SNAPSHOT_RESP:
        out_printf(o, " snap=%llu next=%u%s", (unsigned long long)m->u.snapshot_resp.last_index,
                   m->u.snapshot_resp.next_offset, m->u.snapshot_resp.done ? " done" : "");
        break;
    default:
        break;
    }
    out_printf(o, "%s\n", dropped ? " DROPPED" : "");
}

static void on_frame(void *ctx, const struct raft_message *m, bool dropped) { format_message(ctx, m, dropped); }

static void status(struct out *o, struct cc_cluster *cl, raft_node_id_t id)
{
    struct cc_node *nd = &cl->nodes[id - 1];
    if (!nd->up) {
        out_printf(o, "  %u: down\n", id);
        return;
    }
    const struct raft_core *c = &nd->core;
    out_printf(o, "  %u: %s term=%u leader=%u commit=%llu applied=%llu last=%llu snap=%llu voters=", id,
               raft_role_name(c->role), c->term, c->leader, (unsigned long long)c->commit,
               (unsigned long long)c->applied, (unsigned long long)raft_core_last_index(c),
               (unsigned long long)raft_core_snapshot_index(c));
    bool first = true;
    for (unsigned i = 0; i < c->membership.count; i++)
        if (c->membership.members[i].role == RAFT_MEMBER_VOTER) {
            out_printf(o, "%s%u", first ? "" : ",", c->membership.members[i].id);
            first = false;
        }
    first = true;
    for (unsigned i = 0; i < c->membership.count; i++)
        if (c->membership.members[i].role == RAFT_MEMBER_LEARNER) {
            out_printf(o, "%s%s%u", first ? " learners=" : "", first ? "" : ",", c->membership.members[i].id);
            first = false;
        }
    out_printf(o, "\n");
}

static void result(struct out *o, int rc) { out_printf(o, "  %s\n", raft_status_name(rc)); }

/* Run one command line; its output goes to o. Returns false on a script error. */
static bool run_command(struct cc_cluster *cl, bool *have_cluster, char *line, struct out *o, char *err, size_t errcap)
{
    char *argv[16];
    int argc = 0;
    for (char *tok = strtok(line, " \t"); tok && argc < 16; tok = strtok(NULL, " \t"))
        argv[argc++] = tok;
    if (argc == 0)
        return true;
    const char *cmd = argv[0];
#define ID(i) ((raft_node_id_t)atoi(argv[i]))
    if (!strcmp(cmd, "cluster")) {
        unsigned n = (unsigned)atoi(argv[1]), voters = n;
        bool pre = false, cq = false;
        uint32_t lease = 0;
        for (int i = 2; i < argc; i++) {
            if (!strncmp(argv[i], "voters=", 7))
                voters = (unsigned)atoi(argv[i] + 7);
            else if (!strcmp(argv[i], "prevote"))
                pre = true;
            else if (!strcmp(argv[i], "checkquorum"))
                cq = true;
            else if (!strncmp(argv[i], "lease=", 6))
                lease = (uint32_t)atoi(argv[i] + 6);
        }
        if (*have_cluster)
            cc_free(cl);
        cc_init_members(cl, n, voters, pre, cq, lease);
        cl->on_frame = on_frame;
        *have_cluster = true;
        return true;
    }
    if (!*have_cluster) {
        snprintf(err, errcap, "'%s' before 'cluster'", cmd);
        return false;
    }
    cl->on_frame_ctx = o;
    raft_index_t idx;
    raft_term_t term;
    if (!strcmp(cmd, "campaign") && argc == 2) {
        cc_core(cl, ID(1))->election_deadline = cl->now + 1;
        cl->now++;
        raft_core_tick(cc_core(cl, ID(1)), cl->now);
        cc_flush(cl);
    } else if (!strcmp(cmd, "stabilize")) {
        cc_settle(cl);
    } else if (!strcmp(cmd, "deliver") && argc == 2) {
        cc_flush(cl);
        for (int k = atoi(argv[1]); k > 0 && cc_deliver_one(cl); k--)
            ;
        cc_flush(cl);
    } else if (!strcmp(cmd, "tick-node") && argc == 3) {
        for (int k = atoi(argv[2]); k > 0; k--) {
            cl->now++;
            raft_core_tick(cc_core(cl, ID(1)), cl->now);
        }
        cc_flush(cl);
    } else if (!strcmp(cmd, "tick") && argc == 2) {
        cc_advance(cl, (uint32_t)atoi(argv[1]));
    } else if (!strcmp(cmd, "propose") && argc == 3) {
        int rc = raft_core_propose(cc_core(cl, ID(1)), (const uint8_t *)argv[2], (uint16_t)strlen(argv[2]), &idx, &term);
        if (rc)
            result(o, rc);
        else
            out_printf(o, "  ok index=%llu term=%u\n", (unsigned long long)idx, term);
        cc_flush(cl);
    } else if (!strcmp(cmd, "propose-many") && argc >= 3) {
        for (int k = 2; k < argc; k++) {
            int rc = raft_core_propose(cc_core(cl, ID(1)), (const uint8_t *)argv[k], (uint16_t)strlen(argv[k]), &idx,
                                       &term);
            if (rc)
                result(o, rc);
            else
                out_printf(o, "  ok index=%llu term=%u\n", (unsigned long long)idx, term);
        }
        cc_flush(cl);
    } else if (!strcmp(cmd, "read") && argc == 3) {
        result(o, raft_core_read_index(cc_core(cl, ID(1)), (uint32_t)atoi(argv[2])));
        cc_flush(cl);
    } else if (!strcmp(cmd, "transfer") && argc == 3) {
        result(o, raft_core_transfer_leadership(cc_core(cl, ID(1)), ID(2)));
        cc_flush(cl);
    } else if ((!strcmp(cmd, "add") || !strcmp(cmd, "promote") || !strcmp(cmd, "remove")) && argc == 3) {
        enum raft_membership_change ch = !strcmp(cmd, "add")       ? RAFT_CHANGE_ADD_LEARNER
                                         : !strcmp(cmd, "promote") ? RAFT_CHANGE_PROMOTE
                                                                   : RAFT_CHANGE_REMOVE;
        result(o, raft_core_change_membership(cc_core(cl, ID(1)), ch, ID(2), &idx, &term));
        cc_flush(cl);
    } else if (!strcmp(cmd, "isolate") && argc == 2) {
        cc_isolate(cl, ID(1), true);
    } else if (!strcmp(cmd, "heal") && argc == 2) {
        cc_isolate(cl, ID(1), false);
    } else if (!strcmp(cmd, "cut") && argc == 3) {
        cc_cut(cl, ID(1), ID(2), true);
    } else if (!strcmp(cmd, "uncut") && argc == 3) {
        cc_cut(cl, ID(1), ID(2), false);
    } else if (!strcmp(cmd, "crash") && argc == 2) {
        cc_crash(cl, ID(1));
    } else if (!strcmp(cmd, "restart") && argc == 2) {
        cc_restart(cl, ID(1));
    } else if (!strcmp(cmd, "snapshot") && argc == 2) {
        cc_snapshot(cl, ID(1));
        out_printf(o, "  snapshot at %llu\n", (unsigned long long)raft_core_snapshot_index(cc_core(cl, ID(1))));
    } else if (!strcmp(cmd, "status") && argc >= 2) {
        for (int i = 1; i < argc; i++)
            status(o, cl, ID(i));
    } else if (!strcmp(cmd, "reads") && argc == 2) {
        struct cc_node *nd = &cl->nodes[ID(1) - 1];
        for (unsigned i = 0; i < nd->reads_done; i++)
            out_printf(o, "  tag=%u index=%llu %s\n", nd->read_tags[i], (unsigned long long)nd->read_index[i],
                       raft_status_name(nd->read_status[i]));
    } else {
        snprintf(err, errcap, "unknown or malformed command '%s'", cmd);
        return false;
    }
#undef ID
    return true;
}

/* Run one script; returns the number of mismatching commands (rewriting if asked). */
static unsigned run_script(const char *path, bool rewrite)
{
    FILE *f = fopen(path, "r");
    if (!f)
        fail_msg("cannot open %s", path);
    struct out rewritten = {0}, got = {0}, want = {0};
    struct cc_cluster cl;
    bool have = false;
    unsigned mismatches = 0, line_no = 0, cmd_line = 0;
    char line[4096], cmd[4096] = "";
    bool pending = false;
    for (bool more = true; more;) {
        more = fgets(line, sizeof line, f) != NULL;
        if (more)
            line_no++;
        bool expected = more && line[0] == ' ' && line[1] == ' ';
        if (expected) {
            out_printf(&want, "%s", line);
            continue;
        }
        if (pending) { /* the previous command's block is complete: run and compare */
            got.len = 0;
            if (got.buf)
                got.buf[0] = '\0';
            char copy[4096], err[200];
            snprintf(copy, sizeof copy, "%s", cmd);
            if (!run_command(&cl, &have, copy, &got, err, sizeof err))
                fail_msg("%s:%u: %s", path, cmd_line, err);
            const char *w = want.buf ? want.buf : "", *g = got.buf ? got.buf : "";
            if (strcmp(w, g) != 0) {
                mismatches++;
                if (!rewrite)
                    print_error("%s:%u: %s\n--- expected\n%s--- got\n%s", path, cmd_line, cmd, w, g);
            }
            out_printf(&rewritten, "%s\n%s", cmd, g);
            want.len = 0;
            if (want.buf)
                want.buf[0] = '\0';
            pending = false;
        }
        if (!more)
            break;
        line[strcspn(line, "\n")] = '\0';
        if (line[0] == '#' || line[0] == '\0') {
            out_printf(&rewritten, "%s\n", line);
            continue;
        }
        snprintf(cmd, sizeof cmd, "%s", line);
        cmd_line = line_no;
        pending = true;
    }
    fclose(f);
    if (rewrite && mismatches) {
        f = fopen(path, "w");
        fwrite(rewritten.buf, 1, rewritten.len, f);
        fclose(f);
        print_message("rewrote %s (%u blocks changed)\n", path, mismatches);
        mismatches = 0;
    }
    if (have)
        cc_free(&cl);
    free(rewritten.buf);
    free(got.buf);
    free(want.buf);
    return mismatches;
}

static void run_trace(void **state)
{
    const char *path = *state;
    const char *rw = getenv("RAFT_REWRITE_TRACES");
    assert_int_equal(run_script(path, rw && rw[0] == '1'), 0);
}

int main(void)
{
    static const char *const names[] = {"election", "replication", "conflict", "reads", "transfer",
                                        "membership", "snapshot"};
    enum { COUNT = sizeof names / sizeof names[0] };
    static char paths[COUNT][256];
    struct CMUnitTest tests[COUNT];
    for (int i = 0; i < COUNT; i++) {
        snprintf(paths[i], sizeof paths[i], "%s/%s.trace", TRACE_DIR, names[i]);
        tests[i] = (struct CMUnitTest){names[i], run_trace, NULL, NULL, paths[i]};
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
