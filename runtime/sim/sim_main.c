/*
 * sim_main.c — command line of the simulator.
 *
 *   raft_sim --seeds N [--jobs J] [--first S]   N seeds (S, S+1, ...) over 3-, 5- and 7-node clusters
 *   raft_sim --seed S [--nodes K] [--trace]      one seed, optionally with a readable trace
 *                     [--trace-messages]         ... that also shows every frame delivered
 *   raft_sim --bench                             fault-free throughput: commits per CPU second
 *
 * Ends with "N seeds, V violations" and exits non-zero on any violation. A
 * failing seed prints the command that replays it.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sim.h"

struct totals {
    uint64_t seeds, violations, by_size[3];
    struct sim_stats st;
};

static unsigned nodes_for(uint64_t seed) { return 3 + 2 * (unsigned)(seed % 3); }

static void add_stats(struct sim_stats *a, const struct sim_stats *b)
{
    a->steps += b->steps;
    a->frames_sent += b->frames_sent;
    a->frames_dropped += b->frames_dropped;
    a->frames_duplicated += b->frames_duplicated;
    a->crashes += b->crashes;
    a->torn += b->torn;
    a->restarts += b->restarts;
    a->partitions += b->partitions;
    a->transfers += b->transfers;
    a->membership_ok += b->membership_ok;
    a->snapshots += b->snapshots;
    a->ops_ok += b->ops_ok;
    a->ops_unknown += b->ops_unknown;
    a->ops_failed_retried += b->ops_failed_retried;
    a->elections += b->elections;
    a->installs += b->installs;
    a->file_nodes += b->file_nodes;
    a->early_append_crashes += b->early_append_crashes;
    if (b->max_term > a->max_term)
        a->max_term = b->max_term;
}

static void run_seed(uint64_t seed, unsigned nodes, unsigned trace, struct totals *t)
{
    struct sim_config cfg = {.seed = seed, .nodes = nodes, .duration_ms = 6000, .quiet_ms = 4000,
                             .trace = trace > 0, .trace_messages = trace > 1, .crashes = true};
    struct sim_stats st;
    char why[600];
    int v = sim_run(&cfg, &st, why, sizeof why);
    t->seeds++;
    t->by_size[(nodes - 3) / 2 < 3 ? (nodes - 3) / 2 : 2]++;
    add_stats(&t->st, &st);
    if (v) {
        t->violations++;
        printf("FAIL seed=%llu nodes=%u: %s\n  replay: make -C runtime sim SIM_ARGS=\"--seed %llu --nodes %u --trace\"\n",
               (unsigned long long)seed, nodes, why, (unsigned long long)seed, nodes);
        fflush(stdout);
    }
}

static int bench(void)
{
    struct sim_config cfg = {.seed = 7, .nodes = 5, .duration_ms = 20000, .quiet_ms = 2000, .bench = true};
    struct sim_stats st;
    char why[600];
    clock_t t0 = clock();
    int v = sim_run(&cfg, &st, why, sizeof why);
    double cpu = (double)(clock() - t0) / CLOCKS_PER_SEC;
    printf("bench: 5-node cluster in one process (servers, codec, simulated network, safety checks and the\n"
           "       final linearizability check all counted), no faults, %d closed-loop clients\n", SIM_MAX_CLIENTS);
    printf("bench: %llu simulated ms, %llu client ops answered, %llu frames\n", (unsigned long long)st.steps,
           (unsigned long long)st.ops_ok, (unsigned long long)st.frames_sent);
    printf("bench: %.2f s CPU -> %.0f answered client ops per CPU second, %.0f simulated ms per CPU second\n", cpu,
           st.ops_ok / cpu, st.steps / cpu);
    if (v)
        printf("bench: VIOLATION %s\n", why);
    return v ? 1 : 0;
}

int main(int argc, char **argv)
{
    uint64_t seeds = 100, first = 1, one = 0;
    unsigned jobs = 1, nodes = 0;
    bool single = false;
    unsigned trace = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--seeds") && v) {
            seeds = strtoull(v, NULL, 10);
            i++;
        } else if (!strcmp(a, "--first") && v) {
            first = strtoull(v, NULL, 10);
            i++;
        } else if (!strcmp(a, "--seed") && v) {
            one = strtoull(v, NULL, 10);
            single = true;
            i++;
        } else if (!strcmp(a, "--nodes") && v) {
            nodes = (unsigned)strtoul(v, NULL, 10);
            i++;
        } else if (!strcmp(a, "--jobs") && v) {
            jobs = (unsigned)strtoul(v, NULL, 10);
            i++;
        } else if (!strcmp(a, "--trace")) {
            trace = trace > 1 ? trace : 1;
        } else if (!strcmp(a, "--trace-messages")) {
            trace = 2;
        } else if (!strcmp(a, "--bench")) {
            return bench();
        } else {
            fprintf(stderr, "raft_sim: unknown argument '%s'\n"
                            "usage: raft_sim --seeds N [--first S] [--jobs J] | --seed S [--nodes 3|5|7] [--trace|--trace-messages]"
                            " | --bench\n",
                    a);
            return 2;
        }
    }
    if (nodes && (nodes < 1 || nodes > SIM_MAX_NODES)) {
        fprintf(stderr, "raft_sim: --nodes must be 1..%d\n", SIM_MAX_NODES);
        return 2;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct totals total;
    memset(&total, 0, sizeof total);
    if (single) {
        run_seed(one, nodes ? nodes : nodes_for(one), trace, &total);
    } else {
        if (jobs < 1)
            jobs = 1;
        int fds[64][2];
        pid_t pids[64];
        if (jobs > 64)
            jobs = 64;
        fflush(stdout);
        for (unsigned j = 0; j < jobs; j++) {
            if (pipe(fds[j]) != 0 || (pids[j] = fork()) < 0) {
                perror("raft_sim");
                return 2;
            }
            if (pids[j] == 0) {
                struct totals mine;
                memset(&mine, 0, sizeof mine);
                for (uint64_t k = j; k < seeds; k += jobs) {
                    uint64_t seed = first + k;
                    run_seed(seed, nodes ? nodes : nodes_for(seed), 0, &mine);
                }
                ssize_t w = write(fds[j][1], &mine, sizeof mine);
                _exit(w == (ssize_t)sizeof mine ? 0 : 3);
            }
            close(fds[j][1]);
        }
        for (unsigned j = 0; j < jobs; j++) {
            struct totals part;
            ssize_t r = read(fds[j][0], &part, sizeof part);
            int status = 0;
            waitpid(pids[j], &status, 0);
            close(fds[j][0]);
            if (r != (ssize_t)sizeof part || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
                fprintf(stderr, "raft_sim: worker %u died (status %d)\n", j, status);
                total.violations++;
                continue;
            }
            total.seeds += part.seeds;
            total.violations += part.violations;
            for (int k = 0; k < 3; k++)
                total.by_size[k] += part.by_size[k];
            add_stats(&total.st, &part.st);
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    const struct sim_stats *st = &total.st;
    printf("simulated %llu ms; frames %llu sent, %llu dropped, %llu duplicated; %llu crashes (%llu mid-batch), %llu nodes on record files, "
           "%llu partitions, %llu transfers asked, %llu membership changes, %llu elections, max term %llu; "
           "%llu snapshots taken, %llu installed from a leader; "
           "client ops %llu answered, %llu unknown, %llu retries; "
           "%llu leader crashes after its appends left and before its sync\n",
           (unsigned long long)st->steps, (unsigned long long)st->frames_sent, (unsigned long long)st->frames_dropped,
           (unsigned long long)st->frames_duplicated, (unsigned long long)st->crashes, (unsigned long long)st->torn, (unsigned long long)st->file_nodes,
           (unsigned long long)st->partitions, (unsigned long long)st->transfers,
           (unsigned long long)st->membership_ok, (unsigned long long)st->elections,
           (unsigned long long)st->max_term, (unsigned long long)st->snapshots, (unsigned long long)st->installs,
           (unsigned long long)st->ops_ok, (unsigned long long)st->ops_unknown,
           (unsigned long long)st->ops_failed_retried, (unsigned long long)st->early_append_crashes);
    printf("clusters: %llu x 3 nodes, %llu x 5 nodes, %llu x 7 nodes; %.1f s wall\n",
           (unsigned long long)total.by_size[0], (unsigned long long)total.by_size[1],
           (unsigned long long)total.by_size[2], secs);
    printf("%llu seeds, %llu violations\n", (unsigned long long)total.seeds, (unsigned long long)total.violations);
    return total.violations ? 1 : 0;
}
