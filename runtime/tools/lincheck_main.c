/*
 * lincheck_main.c — command-line linearizability check of a key-value history.
 *
 *   lincheck [--max-states N] [--quiet] [FILE | -]
 *
 * Reads the text format described in sim/lincheck.h (one operation per line;
 * standard input when FILE is "-" or missing) and prints the verdict.
 * Exit status: 0 linearizable, 1 not linearizable (the first violation is
 * explained), 2 unreadable input or bad usage, 3 undecided within
 * --max-states search states per key.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../sim/lincheck.h"

static int usage(void)
{
    fprintf(stderr, "usage: lincheck [--max-states N] [--quiet] [FILE | -]\n"
                    "exit status: 0 linearizable, 1 not linearizable, 2 bad input, 3 undecided\n");
    return 2;
}

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    const char *path = "-";
    uint64_t max_states = 0;
    bool quiet = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--max-states") == 0 && i + 1 < argc) {
            char *end;
            errno = 0;
            max_states = strtoull(argv[++i], &end, 10);
            if (errno != 0 || *end != '\0' || argv[i][0] == '-') {
                fprintf(stderr, "lincheck: --max-states needs an unsigned number, got '%s'\n", argv[i]);
                return 2;
            }
        } else if (strcmp(argv[i], "--quiet") == 0) {
            quiet = true;
        } else if (strcmp(argv[i], "--help") == 0) {
            usage();
            return 0;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            fprintf(stderr, "lincheck: unknown option '%s'\n", argv[i]);
            return usage();
        } else {
            path = argv[i];
        }
    }
    FILE *in = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    if (in == NULL) {
        fprintf(stderr, "lincheck: cannot open '%s': %s\n", path, strerror(errno));
        return 2;
    }
    struct lincheck_history h;
    lincheck_history_init(&h);
    char *line = NULL;
    size_t cap = 0;
    uint32_t line_no = 0;
    int status = 0;
    while (getline(&line, &cap, in) >= 0) {
        char err[300];
        if (!lincheck_parse_line(&h, line, ++line_no, err, sizeof err)) {
            fprintf(stderr, "lincheck: %s: %s\n", path, err);
            status = 2;
            break;
        }
    }
    if (status == 0 && ferror(in)) {
        fprintf(stderr, "lincheck: reading '%s' failed\n", path);
        status = 2;
    }
    free(line);
    if (in != stdin) {
        fclose(in);
    }
    if (status != 0) {
        lincheck_history_free(&h);
        return status;
    }

    static struct lincheck_result result;
    double start = seconds_now();
    bool ok = lincheck_check(&h, max_states, &result);
    double took = seconds_now() - start;
    if (ok) {
        if (!quiet) {
            printf("linearizable: %zu operations on %zu keys, %llu search states, %.1f ms\n", result.ops,
                   result.keys, (unsigned long long)result.states, took * 1e3);
        }
        status = 0;
    } else if (strncmp(result.explanation, "undecided", 9) == 0) {
        printf("%s", result.explanation);
        status = 3;
    } else {
        printf("NOT linearizable (%zu operations, %.1f ms)\n%s", result.ops, took * 1e3, result.explanation);
        status = 1;
    }
    lincheck_history_free(&h);
    return status;
}
