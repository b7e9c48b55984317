/*
 * bench_libs.c — throughput of the runtime libraries on the host (prints
 * figures, asserts nothing): CRC-32C, codec, key-value apply and snapshots,
 * file storage over POSIX files (group commit vs one sync per entry), and
 * the linearizability checker. Built twice by `make bench-libs`: with the
 * nibble CRC table (default) and with RAFT_CRC32C_BYTE_TABLE.
 *
 *   bench_libs [DIR]      DIR: where the storage benchmark writes (default /tmp)
 *   bench_libs --crc-only
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../ports/posix/raft_posix_files.h"
#include "../sim/lincheck.h"
#include "raft/raft_codec.h"
#include "raft/raft_crc32c.h"
#include "raft/raft_kv.h"
#include "raft/raft_storage.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static volatile uint32_t sink; /* keeps results alive */

static void bench_crc(void)
{
    static uint8_t buf[1 << 16];
    for (size_t i = 0; i < sizeof buf; i++) {
        buf[i] = (uint8_t)(i * 31u);
    }
    int rounds = 400;
    double t = now();
    for (int r = 0; r < rounds; r++) {
        sink ^= raft_crc32c(buf, sizeof buf);
    }
    t = now() - t;
#ifdef RAFT_CRC32C_BYTE_TABLE
    const char *table = "byte table (1 KB)";
#else
    const char *table = "nibble table (64 B)";
#endif
    printf("crc32c %-20s %8.1f MB/s\n", table, rounds * (double)sizeof buf / t / 1e6);
}

static void bench_codec(void)
{
    uint8_t buf[64];
    int rounds = 5000000;
    double t = now();
    for (int r = 0; r < rounds; r++) {
        struct raft_writer w;
        raft_writer_init(&w, buf, sizeof buf);
        raft_write_varint(&w, (uint64_t)r * 2654435761u);
        raft_write_zigzag(&w, -r);
        raft_write_u32le(&w, (uint32_t)r);
        struct raft_reader rd;
        raft_reader_init(&rd, buf, w.len);
        sink ^= (uint32_t)raft_read_varint(&rd) ^ (uint32_t)raft_read_zigzag(&rd) ^ raft_read_u32le(&rd);
    }
    t = now() - t;
    printf("codec  3 fields encode+decode  %8.1f M records/s\n", rounds / t / 1e6);
}

static void bench_kv(void)
{
    static struct raft_kv kv, copy;
    raft_kv_init(&kv);
    uint8_t cmd[RAFT_KV_COMMAND_MAX];
    char key[16], value[32];
    int rounds = 1000000;
    double t = now();
    for (int r = 0; r < rounds; r++) {
        snprintf(key, sizeof key, "k%d", r % RAFT_KV_MAX_KEYS);
        snprintf(value, sizeof value, "v%d", r);
        struct raft_kv_command c = {RAFT_KV_PUT, 1 + (uint64_t)(r % 8), (uint64_t)r + 1, (const uint8_t *)key,
                                    (uint32_t)strlen(key), (const uint8_t *)value, (uint32_t)strlen(value)};
        int st;
        size_t n = raft_kv_command_encode(&c, cmd, sizeof cmd, &st);
        struct raft_kv_result res;
        raft_kv_apply(&kv, cmd, n, &res);
        sink ^= res.status;
    }
    t = now() - t;
    printf("kv     put (encode+apply)      %8.2f M commands/s (%d keys, 8 sessions)\n", rounds / t / 1e6,
           RAFT_KV_MAX_KEYS);
    static uint8_t snap[RAFT_KV_SNAPSHOT_MAX_SIZE];
    int snaps = 20000;
    size_t size = 0;
    t = now();
    for (int r = 0; r < snaps; r++) {
        struct raft_kv_snapshot_cursor c;
        raft_kv_snapshot_start(&kv, &c);
        size = 0;
        size_t n;
        while ((n = raft_kv_snapshot_next(&kv, &c, snap + size, 256)) > 0) {
            size += n;
        }
        struct raft_kv_restore rs;
        raft_kv_restore_begin(&rs, &copy);
        raft_kv_restore_feed(&rs, snap, size);
        sink ^= (uint32_t)raft_kv_restore_finish(&rs);
    }
    t = now() - t;
    printf("kv     snapshot+restore        %8.1f MB/s (%zu-byte snapshot, 256-byte chunks)\n",
           snaps * (double)size / t / 1e6, size);
}

static void bench_storage(const char *base)
{
    char dir[256];
    snprintf(dir, sizeof dir, "%s/raft-bench-XXXXXX", base);
    if (mkdtemp(dir) == NULL) {
        perror("mkdtemp");
        return;
    }
    struct raft_posix_files pf;
    raft_posix_files_open(&pf, dir);
    struct raft_file_ops ops = raft_posix_files_ops(&pf);
    static struct raft_file_storage fs;
    raft_file_storage_init(&fs, &ops, 1);
    struct raft_storage s = raft_file_storage_as_storage(&fs);
    struct raft_storage_state st;
    raft_storage_load(s, &st);
    uint8_t data[64];
    memset(data, 'x', sizeof data);
    uint64_t index = 0;
    for (int batch = 1; batch <= 32; batch *= 32) {
        int entries = batch == 1 ? 200 : 6400;
        double t = now();
        for (int i = 0; i < entries; i++) {
            struct raft_storage_entry e = {++index, 1, 0, sizeof data, data};
            raft_storage_append(s, &e);
            if ((i + 1) % batch == 0) {
                raft_storage_sync(s);
            }
        }
        t = now() - t;
        printf("file   append 64 B + sync every %2d: %8.0f entries/s (%.2f ms per sync)\n", batch, entries / t,
               t * 1e3 / (entries / batch));
    }
    raft_file_storage_close(&fs);
    raft_file_storage_init(&fs, &ops, 1);
    double t = now();
    raft_storage_load(s, &st);
    struct raft_storage_entry e;
    int loaded = 0;
    while (raft_storage_next_entry(s, &e) == 1) {
        loaded++;
    }
    t = now() - t;
    printf("file   start-up load            %8.0f entries/s (%d entries)\n", loaded / t, loaded);
    t = now();
    raft_storage_truncate(s, index / 2);
    t = now() - t;
    printf("file   truncate (log rewrite)   %8.1f ms for %llu kept entries\n", t * 1e3,
           (unsigned long long)(index / 2 - 1));
    raft_file_storage_close(&fs);
    const char *names[] = {"metadata", "log", "snapshot_metadata", "snapshot_data"};
    for (int i = 0; i < 4; i++) {
        char path[300];
        snprintf(path, sizeof path, "%s/raft_node_1_%s.bin", dir, names[i]);
        unlink(path);
    }
    raft_posix_files_close(&pf);
    rmdir(dir);
}

static void bench_lincheck(void)
{
    for (int clients = 5; clients <= 20; clients *= 2) {
        struct lincheck_history h;
        lincheck_history_init(&h);
        uint32_t seed = 99;
        int values[8] = {0};
        uint64_t t_now = 0;
        int ops = 20000;
        for (int i = 0; i < ops; i++) {
            seed = seed * 1103515245u + 12345u;
            t_now += 1;
            /* Each op spans about `clients` time units: that many overlap. */
            uint64_t invoke = t_now > (uint64_t)clients ? t_now - (seed >> 8) % (uint64_t)clients : 0;
            uint64_t response = t_now + (seed >> 16) % (uint64_t)clients;
            int key = (int)((seed >> 4) % 8u);
            char k[2] = {(char)('a' + key), 0}, v[16];
            struct lincheck_op op = {(uint64_t)(i % clients), invoke, response, 0, 0, (uint8_t *)k, 1, NULL, 0, 0};
            if ((seed >> 24) % 2u == 0) {
                values[key] = i + 1;
                op.kind = LINCHECK_PUT;
                op.outcome = LINCHECK_OK;
            } else {
                op.kind = LINCHECK_GET;
                op.outcome = values[key] ? LINCHECK_OK : LINCHECK_ABSENT;
            }
            snprintf(v, sizeof v, "%d", values[key]);
            op.value = (uint8_t *)v;
            op.value_len = (uint32_t)strlen(v);
            lincheck_history_add(&h, &op);
        }
        struct lincheck_result r;
        double t = now();
        bool ok = lincheck_check(&h, 0, &r);
        t = now() - t;
        printf("lincheck %d ops, 8 keys, ~%2d concurrent: %s in %.1f ms (%llu states)\n", ops, clients,
               ok ? "linearizable" : "VIOLATION", t * 1e3, (unsigned long long)r.states);
        lincheck_history_free(&h);
    }
}

int main(int argc, char **argv)
{
    bench_crc();
    if (argc > 1 && strcmp(argv[1], "--crc-only") == 0) {
        return 0;
    }
    bench_codec();
    bench_kv();
    bench_storage(argc > 1 ? argv[1] : "/tmp");
    bench_lincheck();
    return 0;
}
