/* runtime_check.c — the runtime's interfaces as implemented by this port, on
 * QEMU: struct raft_platform (mps2_platform), struct raft_file_ops over
 * semihosting (mps2_semihost_files) under the runtime's record-file storage
 * backend (raft_node_{N}_*.bin), and struct raft_transport over lwIP UDP
 * (mps2_udp_transport). Driven over UART0 by check/runtime-check.sh.
 *
 * Semihosting arguments: node=N, nodes=K (addresses 10.0.0.N, UDP port 7000,
 * MAC 02:00:00:00:00:N).
 *
 * UART commands (one reply line each, written through raft_platform.write_line):
 *   fileops            conformance of the file ops -> "fileops ok" | "fileops fail STEP"
 *   storage-write N    load the node's storage, append N entries in term 3,
 *                      vote 2, sync, close -> "storage-write ok last=.."
 *   storage-read       load and check every entry -> "storage ok term=.. vote=.. last=.."
 *                      or "storage fault <file> at byte <offset>: <reason>"
 *   tping P COUNT      COUNT round trips to node P through the transport ops
 *                      -> "tping peer=P ok=.. lost=.. p50_us=.. max_us=.."
 *   stats              transport counters
 *   seed | clock       platform entropy seed / clocks
 *   exit CODE
 * Every node answers "ping" messages from any peer with "pong". */
#include <stdint.h>
#include <string.h>

#include "bringup_text.h"
#include "mps2/mps2_board.h"
#include "mps2/mps2_clock.h"
#include "mps2/mps2_net.h"
#include "mps2/mps2_platform.h"
#include "mps2/mps2_semihost.h"
#include "mps2/mps2_semihost_files.h"
#include "mps2/mps2_startup.h"
#include "mps2/mps2_uart.h"
#include "mps2/mps2_udp_transport.h"
#include "raft/raft_storage.h"

#define UDP_PORT 7000u
#define PING_TIMEOUT_US 50000u
#define MAX_PINGS 200u

struct node {
    uint32_t id;
    uint32_t count;
    struct mps2_uart console;
    struct mps2_platform platform_state;
    struct raft_platform platform;
    struct mps2_net net;
    struct mps2_udp_transport udp;
    struct raft_transport transport;
    struct mps2_sh_files files;
    struct raft_file_ops file_ops;
    struct raft_file_storage storage;
    uint8_t message[RAFT_MAX_FRAME_SIZE];
    uint32_t rtt_us[MAX_PINGS];
};

static struct node self;

static void reply(const struct text_line *line)
{
    self.platform.write_line(self.platform.ctx, line->buf, line->len);
}

/* --- file ops conformance ------------------------------------------------------ */
static const char *fileops_round_trip(void)
{
    const struct raft_file_ops *o = &self.file_ops;
    void *c = o->ctx;
    const char *a = "rfcheck_a.bin", *b = "rfcheck_b.bin";
    (void)o->remove(c, a);
    (void)o->remove(c, b);
    if (o->open(c, a, RAFT_FILE_READ) != RAFT_FILE_ERR_NOT_FOUND) {
        return "missing-file-not-reported";
    }
    if (o->remove(c, a) != 0) {
        return "remove-missing-is-error";
    }
    int h = o->open(c, a, RAFT_FILE_CREATE);
    if (h < 0 || o->write(c, h, "hello ", 6) != 0 || o->sync(c, h) != 0 || o->close(c, h) != 0) {
        return "create-write";
    }
    h = o->open(c, a, RAFT_FILE_APPEND);
    if (h < 0 || o->write(c, h, "world", 5) != 0 || o->close(c, h) != 0) {
        return "append";
    }
    h = o->open(c, b, RAFT_FILE_APPEND); /* append creates */
    if (h < 0 || o->write(c, h, "old", 3) != 0 || o->close(c, h) != 0) {
        return "append-create";
    }
    if (o->rename(c, a, b) != 0) { /* replaces b */
        return "rename";
    }
    if (o->open(c, a, RAFT_FILE_READ) != RAFT_FILE_ERR_NOT_FOUND) {
        return "rename-left-source";
    }
    h = o->open(c, b, RAFT_FILE_READ);
    char buf[16] = { 0 };
    if (h < 0 || o->size(c, h) != 11 || o->seek(c, h, 6) != 0 || o->read(c, h, buf, sizeof buf) != 5
        || memcmp(buf, "world", 5) != 0 || o->read(c, h, buf, sizeof buf) != 0) {
        return "read-back";
    }
    if (o->seek(c, h, 0) != 0 || o->read(c, h, buf, 6) != 6 || memcmp(buf, "hello ", 6) != 0
        || o->close(c, h) != 0) {
        return "seek-start";
    }
    if (o->remove(c, b) != 0 || o->open(c, b, RAFT_FILE_READ) != RAFT_FILE_ERR_NOT_FOUND) {
        return "remove";
    }
    return NULL;
}

/* --- storage over the file ops --------------------------------------------------- */
static uint8_t entry_byte(uint64_t index, uint32_t i)
{
    return (uint8_t)(index * 31u + i);
}

static bool storage_load(struct raft_storage *s, struct raft_storage_state *state, struct text_line *out)
{
    raft_file_storage_init(&self.storage, &self.file_ops, self.id);
    *s = raft_file_storage_as_storage(&self.storage);
    int rc = raft_storage_load(*s, state);
    if (rc != RAFT_STORAGE_OK) {
        char why[256];
        (void)raft_file_storage_describe_fault(&self.storage, why, sizeof why);
        text_add(out, "storage fault ");
        text_add(out, why);
        return false;
    }
    return true;
}

static void storage_write(uint32_t n, struct text_line *out)
{
    struct raft_storage s;
    struct raft_storage_state state;
    if (!storage_load(&s, &state, out)) {
        return;
    }
    struct raft_storage_entry e;
    while (raft_storage_next_entry(s, &e) == 1) {
    }
    uint8_t data[24];
    int rc = raft_storage_set_hard_state(s, 3, 2);
    for (uint32_t k = 0; k < n && rc == RAFT_STORAGE_OK; k++) {
        uint64_t index = state.last_index + 1u + k;
        uint32_t len = (uint32_t)(index % sizeof data) + 1u;
        for (uint32_t i = 0; i < len; i++) {
            data[i] = entry_byte(index, i);
        }
        e = (struct raft_storage_entry){ .index = index, .term = 3, .type = 1, .len = len, .data = data };
        rc = raft_storage_append(s, &e);
    }
    if (rc == RAFT_STORAGE_OK) {
        rc = raft_storage_sync(s);
    }
    raft_file_storage_close(&self.storage);
    if (rc != RAFT_STORAGE_OK) {
        text_add(out, "storage-write fail ");
        text_add(out, raft_storage_error_name(rc));
        return;
    }
    text_add(out, "storage-write ok");
    text_add_field(out, "last", state.last_index + n);
}

static void storage_read(struct text_line *out)
{
    struct raft_storage s;
    struct raft_storage_state state;
    if (!storage_load(&s, &state, out)) {
        return;
    }
    struct raft_storage_entry e;
    uint64_t expect = state.first_index, bad = 0;
    int rc;
    while ((rc = raft_storage_next_entry(s, &e)) == 1) {
        bool ok = e.index == expect && e.term == 3u && e.len == (uint32_t)(e.index % 24u) + 1u;
        for (uint32_t i = 0; ok && i < e.len; i++) {
            ok = e.data[i] == entry_byte(e.index, i);
        }
        bad += ok ? 0u : 1u;
        expect++;
    }
    raft_file_storage_close(&self.storage);
    if (rc < 0 || bad > 0u || expect != state.last_index + 1u) {
        text_add(out, "storage fail");
        text_add_field(out, "bad_entries", bad);
        return;
    }
    text_add(out, "storage ok");
    text_add_field(out, "term", state.term);
    text_add_field(out, "vote", state.vote);
    text_add_field(out, "last", state.last_index);
    text_add_field(out, "dropped_tail_bytes", self.storage.dropped_tail_bytes);
}

/* --- transport ------------------------------------------------------------------ */
static bool node_has_work(void *ctx)
{
    (void)ctx;
    return mps2_net_work_pending(&self.net) || mps2_udp_transport_pending(&self.udp);
}

/* Serves the network: answers pings; returns the id of a pong with `want`. */
static bool serve_network(uint32_t want_seq)
{
    bool got = false;
    mps2_net_poll(&self.net);
    uint32_t from;
    size_t len;
    while (raft_transport_receive(self.transport, &from, self.message, sizeof self.message, &len) == 1) {
        uint32_t seq = 0;
        if (len >= 8u) {
            memcpy(&seq, self.message + 4, sizeof seq);
        }
        if (len >= 8u && memcmp(self.message, "ping", 4) == 0) {
            memcpy(self.message, "pong", 4);
            (void)raft_transport_send(self.transport, from, self.message, len);
        } else if (len >= 8u && memcmp(self.message, "pong", 4) == 0 && seq == want_seq) {
            got = true;
        }
    }
    return got;
}

static void tping(uint32_t peer, uint32_t count, struct text_line *out)
{
    static uint32_t seq = 1;
    uint32_t ok = 0;
    for (uint32_t i = 0; i < count; i++) {
        uint8_t msg[64];
        memset(msg, 0x5A, sizeof msg);
        memcpy(msg, "ping", 4);
        memcpy(msg + 4, &seq, sizeof seq);
        uint64_t start = mps2_clock_us();
        if (raft_transport_send(self.transport, peer, msg, sizeof msg) != RAFT_TRANSPORT_OK) {
            text_add(out, "error tping: unknown peer");
            return;
        }
        for (;;) {
            if (serve_network(seq)) {
                self.rtt_us[ok++] = (uint32_t)(mps2_clock_us() - start);
                break;
            }
            if (mps2_clock_us() - start > PING_TIMEOUT_US) {
                break;
            }
            mps2_idle(node_has_work, NULL);
        }
        seq++;
    }
    for (uint32_t i = 1; i < ok; i++) { /* insertion sort: at most MAX_PINGS */
        uint32_t x = self.rtt_us[i], j = i;
        for (; j > 0u && self.rtt_us[j - 1u] > x; j--) {
            self.rtt_us[j] = self.rtt_us[j - 1u];
        }
        self.rtt_us[j] = x;
    }
    text_add(out, "tping");
    text_add_field(out, "peer", peer);
    text_add_field(out, "ok", ok);
    text_add_field(out, "lost", count - ok);
    if (ok > 0u) {
        text_add_field(out, "p50_us", self.rtt_us[ok / 2u]);
        text_add_field(out, "max_us", self.rtt_us[ok - 1u]);
    }
}

static void transport_stats(struct text_line *out)
{
    const struct raft_transport_stats *st = raft_transport_stats(self.transport);
    text_add(out, "stats");
    text_add_field(out, "sent", st->sent);
    text_add_field(out, "received", st->received);
    text_add_field(out, "dropped_full", st->dropped_full);
    text_add_field(out, "dropped_unknown", st->dropped_unknown);
    text_add_field(out, "dropped_oversize", st->dropped_oversize);
    text_add_field(out, "no_buffer", self.net.rx_no_buffer);
}

/* --- start-up and command loop ------------------------------------------------------- */
static int start(void)
{
    char cmdline[96];
    if (mps2_sh_get_cmdline(cmdline, sizeof cmdline) < 0 || mps2_cmdline_u32(cmdline, "node", &self.id) != 0
        || mps2_cmdline_u32(cmdline, "nodes", &self.count) != 0 || self.id == 0u || self.id > self.count
        || self.count > RAFT_MAX_NODES) {
        mps2_sh_write0("runtime-check: need node=N nodes=K (1 <= N <= K <= RAFT_MAX_NODES)\n");
        return 2;
    }
    self.platform_state = (struct mps2_platform){ .console = &self.console, .node_id = self.id,
                                                  .has_work = node_has_work, .has_work_ctx = NULL };
    self.platform = mps2_platform_ops(&self.platform_state);
    (void)mps2_sh_files_init(&self.files, NULL);
    self.file_ops = mps2_sh_files_ops(&self.files);

    struct mps2_udp_peer peers[RAFT_MAX_NODES];
    for (uint32_t n = 1; n <= self.count; n++) {
        peers[n - 1u] = (struct mps2_udp_peer){ .id = n, .ip = { 10, 0, 0, (uint8_t)n }, .port = UDP_PORT };
        mps2_lan9118_mac_for_node(n, peers[n - 1u].mac);
    }
    struct mps2_net_address address = { .ip = { 10, 0, 0, (uint8_t)self.id }, .netmask = { 255, 255, 255, 0 } };
    memcpy(address.mac, peers[self.id - 1u].mac, sizeof address.mac);
    mps2_net_seed_random(self.platform.seed(self.platform.ctx));
    if (mps2_net_init(&self.net, &address) != MPS2_NET_OK
        || mps2_udp_transport_open(&self.udp, &self.net, self.id, peers, self.count) != RAFT_TRANSPORT_OK) {
        mps2_sh_write0("runtime-check: network start failed\n");
        return 3;
    }
    self.transport = mps2_udp_transport_as_transport(&self.udp);
    return 0;
}

int main(void)
{
    mps2_clock_init();
    mps2_uart_init(&self.console);
    int status = start();
    if (status != 0) {
        return status;
    }
    struct text_line out;
    text_reset(&out);
    text_add(&out, "ready");
    text_add_field(&out, "node", self.id);
    reply(&out);

    char line[MPS2_UART_LINE_MAX + 1u];
    for (;;) {
        self.platform.idle(self.platform.ctx, 100u);
        (void)serve_network(0);
        enum mps2_uart_line got = mps2_uart_read_line(&self.console, line, sizeof line);
        if (got == MPS2_UART_NO_LINE) {
            continue;
        }
        text_reset(&out);
        const char *arg;
        uint32_t a = 0, b = 0;
        if (got == MPS2_UART_LINE_TOO_LONG) {
            text_add(&out, "error line too long");
        } else if (text_after_word(line, "fileops") != NULL) {
            const char *failed = fileops_round_trip();
            text_add(&out, failed == NULL ? "fileops ok" : "fileops fail ");
            text_add(&out, failed == NULL ? "" : failed);
        } else if ((arg = text_after_word(line, "storage-write")) != NULL && text_take_u32(&arg, &a)) {
            storage_write(a, &out);
        } else if (text_after_word(line, "storage-read") != NULL) {
            storage_read(&out);
        } else if ((arg = text_after_word(line, "tping")) != NULL && text_take_u32(&arg, &a)
                   && text_take_u32(&arg, &b) && b >= 1u && b <= MAX_PINGS) {
            tping(a, b, &out);
        } else if (text_after_word(line, "stats") != NULL) {
            transport_stats(&out);
        } else if (text_after_word(line, "seed") != NULL) {
            text_add(&out, "seed");
            text_add_field(&out, "value", self.platform.seed(self.platform.ctx));
        } else if (text_after_word(line, "clock") != NULL) {
            text_add(&out, "clock");
            text_add_field(&out, "ms", self.platform.now_ms(self.platform.ctx));
            text_add_field(&out, "us", self.platform.now_us(self.platform.ctx));
        } else if ((arg = text_after_word(line, "exit")) != NULL && text_take_u32(&arg, &a)) {
            mps2_uart_flush(&self.console);
            mps2_sh_exit(a & 0xFFu);
        } else {
            text_add(&out, "error unknown command: ");
            text_add(&out, line);
        }
        reply(&out);
    }
}
