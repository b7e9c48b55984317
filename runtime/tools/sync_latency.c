/*
 * sync_latency.c — how long a durable log append takes on the disk under a
 * directory, for the write patterns a node's log could use. Prints the
 * latency distribution of write + sync per pattern; asserts nothing.
 *
 *   sync_latency [DIR] [SYNCS_PER_PATTERN] [RECORD_BYTES]
 *
 * The patterns run interleaved in rounds of 100, so a change in the
 * machine's load spreads over all of them instead of favouring one.
 */
#define _GNU_SOURCE /* fallocate */

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define ROUND 100
#define PREALLOCATED_BYTES (8u * 1024u * 1024u)

enum pattern_kind {
    APPEND_FSYNC,         /* O_APPEND write + fsync: the file grows every time */
    APPEND_FDATASYNC,     /* same, fdatasync: the size still has to reach the disk */
    ZEROED_FSYNC,         /* pwrite into a zero-filled, synced region + fsync (mtime) */
    ZEROED_FDATASYNC,     /* same, fdatasync: only the data block and a cache flush */
    FALLOCATED_FDATASYNC, /* pwrite into fallocate()d space: unwritten extents convert */
    PATTERN_COUNT
};

static const char *const pattern_names[PATTERN_COUNT] = {
    "append + fsync", "append + fdatasync", "zero-filled + fsync", "zero-filled + fdatasync",
    "fallocated + fdatasync",
};

struct pattern {
    int fd;
    uint64_t offset;
    double *samples_ms;
    size_t count;
};

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void die(const char *what, const char *path)
{
    fprintf(stderr, "sync_latency: %s %s: %s\n", what, path, strerror(errno));
    exit(1);
}

static int open_pattern_file(const char *dir, enum pattern_kind k, char *path, size_t cap)
{
    snprintf(path, cap, "%s/sync_latency_%d.bin", dir, (int)k);
    int flags = O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC;
    if (k == APPEND_FSYNC || k == APPEND_FDATASYNC) {
        flags |= O_APPEND;
    }
    int fd = open(path, flags, 0644);
    if (fd < 0) {
        die("cannot create", path);
    }
    if (k == ZEROED_FSYNC || k == ZEROED_FDATASYNC) {
        static const uint8_t zeros[65536];
        for (uint32_t done = 0; done < PREALLOCATED_BYTES; done += sizeof zeros) {
            if (write(fd, zeros, sizeof zeros) != (ssize_t)sizeof zeros) {
                die("cannot zero-fill", path);
            }
        }
    } else if (k == FALLOCATED_FDATASYNC && fallocate(fd, 0, 0, PREALLOCATED_BYTES) != 0) {
        die("cannot fallocate", path);
    }
    if (fsync(fd) != 0) {
        die("cannot sync", path);
    }
    return fd;
}

static void one_sync(struct pattern *p, enum pattern_kind k, const uint8_t *record, uint32_t len)
{
    double start = now_ms();
    ssize_t n = (k == APPEND_FSYNC || k == APPEND_FDATASYNC) ? write(p->fd, record, len)
                                                              : pwrite(p->fd, record, len, (off_t)p->offset);
    if (n != (ssize_t)len) {
        die("cannot write", pattern_names[k]);
    }
    int rc = (k == APPEND_FSYNC || k == ZEROED_FSYNC) ? fsync(p->fd) : fdatasync(p->fd);
    if (rc != 0) {
        die("cannot sync", pattern_names[k]);
    }
    p->samples_ms[p->count++] = now_ms() - start;
    p->offset += len;
    if (p->offset + len > PREALLOCATED_BYTES) {
        p->offset = 0; /* stay inside the preallocated region */
    }
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double percentile(const double *sorted, size_t n, double q)
{
    size_t i = (size_t)(q * (double)(n - 1) + 0.5);
    return sorted[i < n ? i : n - 1];
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : ".";
    size_t per_pattern = argc > 2 ? strtoul(argv[2], NULL, 10) : 2000u;
    uint32_t record_len = argc > 3 ? (uint32_t)strtoul(argv[3], NULL, 10) : 300u;
    if (per_pattern < ROUND || record_len == 0 || record_len > 65536) {
        fprintf(stderr, "usage: sync_latency [DIR] [SYNCS_PER_PATTERN >= %d] [RECORD_BYTES 1..65536]\n", ROUND);
        return 2;
    }
    per_pattern -= per_pattern % ROUND;
    static uint8_t record[65536];
    for (uint32_t i = 0; i < record_len; i++) {
        record[i] = (uint8_t)(i * 31u + 7u);
    }
    struct pattern patterns[PATTERN_COUNT];
    char paths[PATTERN_COUNT][4096];
    for (int k = 0; k < PATTERN_COUNT; k++) {
        patterns[k].fd = open_pattern_file(dir, (enum pattern_kind)k, paths[k], sizeof paths[k]);
        patterns[k].offset = 0;
        patterns[k].count = 0;
        patterns[k].samples_ms = calloc(per_pattern, sizeof(double));
        if (patterns[k].samples_ms == NULL) {
            die("out of memory for", "samples");
        }
    }
    for (size_t round = 0; round < per_pattern / ROUND; round++) {
        for (int k = 0; k < PATTERN_COUNT; k++) {
            for (int i = 0; i < ROUND; i++) {
                one_sync(&patterns[k], (enum pattern_kind)k, record, record_len);
            }
        }
    }
    double load[3] = {0, 0, 0};
    if (getloadavg(load, 3) < 0) {
        load[0] = -1;
    }
    printf("sync latency in %s, %zu syncs per pattern, %u-byte records, load average %.2f %.2f %.2f\n", dir,
           per_pattern, record_len, load[0], load[1], load[2]);
    printf("%-26s %8s %8s %8s %8s %8s %8s (ms)\n", "pattern", "mean", "p50", "p90", "p99", "p99.9", "max");
    for (int k = 0; k < PATTERN_COUNT; k++) {
        struct pattern *p = &patterns[k];
        double sum = 0;
        for (size_t i = 0; i < p->count; i++) {
            sum += p->samples_ms[i];
        }
        qsort(p->samples_ms, p->count, sizeof(double), by_value);
        printf("%-26s %8.3f %8.3f %8.3f %8.3f %8.3f %8.3f\n", pattern_names[k], sum / (double)p->count,
               percentile(p->samples_ms, p->count, 0.50), percentile(p->samples_ms, p->count, 0.90),
               percentile(p->samples_ms, p->count, 0.99), percentile(p->samples_ms, p->count, 0.999),
               p->samples_ms[p->count - 1]);
        close(p->fd);
        unlink(paths[k]);
        free(p->samples_ms);
    }
    return 0;
}
