/* udp_check.c — bring-up firmware (b): lwIP UDP between nodes on the virtual
 * Ethernet hub, driven over UART0 by check/udp-check.sh.
 *
 * Semihosting arguments: node=N (1..254, address 10.0.0.N, MAC 02:00:00:00:00:N),
 * nodes=K (peers 1..K), arp=static|dynamic (default static: peers' MACs are
 * installed as permanent ARP entries, as the generator does from the model).
 *
 * From boot, the node pings node (N mod K)+1 every 2 ms until it answers, to
 * measure boot-to-first-UDP. It always answers pings.
 *
 * UART commands:
 *   status                 -> "status node=N first_udp_us=.. rx=.. tx=.. ..."
 *   ping P COUNT [SIZE]    -> COUNT sequential round trips to node P with SIZE-byte
 *                             datagrams (16..1472), 50 ms timeout each:
 *                             "ping peer=P count=C ok=K lost=L min_us=.. p50_us=.. p99_us=.. max_us=.."
 *   exit CODE              -> QEMU exits with CODE */
#include <stdint.h>
#include <string.h>

#include "bringup_text.h"
#include "lwip/pbuf.h"
#include "lwip/udp.h"
#include "mps2/mps2_board.h"
#include "mps2/mps2_clock.h"
#include "mps2/mps2_net.h"
#include "mps2/mps2_semihost.h"
#include "mps2/mps2_startup.h"
#include "mps2/mps2_uart.h"

#define UDP_PORT 5000u
#define PING_TIMEOUT_US 50000u
#define BOOT_PING_INTERVAL_US 2000u
#define MAX_PINGS 1000u
#define MAX_DATAGRAM 1472u
#define MAGIC_PING 0x676E6950u /* "Ping" */
#define MAGIC_PONG 0x676E6F50u /* "Pong" */

struct probe {
    uint32_t seq;          /* sequence number awaited */
    bool answered;
    uint64_t answered_us;
};

struct node {
    uint32_t id;
    uint32_t peers;
    struct mps2_net net;
    struct udp_pcb *pcb;
    struct probe probe;
    uint64_t first_udp_us;  /* 0 until the first answer */
    uint32_t pings_answered;
    uint32_t pongs_received;
    uint32_t send_failures;
    uint32_t rtt_us[MAX_PINGS];
};

static struct node self;
static struct mps2_uart console;
static uint8_t datagram[MAX_DATAGRAM];

static void put_u32(uint8_t *p, uint32_t v)
{
    memcpy(p, &v, sizeof v);
}

static uint32_t get_u32(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

static void peer_ip(uint32_t id, ip_addr_t *out)
{
    IP_ADDR4(out, 10, 0, 0, (uint8_t)id);
}

static bool send_datagram(const ip_addr_t *to, uint16_t port, const uint8_t *data, uint16_t len)
{
    struct pbuf *p = pbuf_alloc(PBUF_TRANSPORT, len, PBUF_RAM);
    if (p == NULL) {
        self.send_failures++;
        return false;
    }
    memcpy(p->payload, data, len);
    err_t err = udp_sendto(self.pcb, p, to, port);
    pbuf_free(p);
    if (err != ERR_OK) {
        self.send_failures++;
    }
    return err == ERR_OK;
}

static void on_datagram(void *arg, struct udp_pcb *pcb, struct pbuf *p, const ip_addr_t *addr, u16_t port)
{
    (void)arg;
    (void)pcb;
    uint8_t head[8];
    if (pbuf_copy_partial(p, head, sizeof head, 0) == sizeof head) {
        uint32_t magic = get_u32(head), seq = get_u32(head + 4);
        if (magic == MAGIC_PING && p->tot_len <= MAX_DATAGRAM) {
            uint16_t len = p->tot_len;
            (void)pbuf_copy_partial(p, datagram, len, 0);
            put_u32(datagram, MAGIC_PONG);
            if (send_datagram(addr, port, datagram, len)) {
                self.pings_answered++;
            }
        } else if (magic == MAGIC_PONG) {
            self.pongs_received++;
            if (seq == self.probe.seq && !self.probe.answered) {
                self.probe.answered = true;
                self.probe.answered_us = mps2_clock_us();
            }
        }
    }
    pbuf_free(p);
}

static bool send_ping(uint32_t peer, uint32_t seq, uint16_t size)
{
    memset(datagram, 0xA5, size);
    put_u32(datagram, MAGIC_PING);
    put_u32(datagram + 4, seq);
    ip_addr_t to;
    peer_ip(peer, &to);
    self.probe = (struct probe){ .seq = seq, .answered = false, .answered_us = 0 };
    return send_datagram(&to, UDP_PORT, datagram, size);
}

static bool net_has_work(void *ctx)
{
    (void)ctx;
    return mps2_net_work_pending(&self.net);
}

/* Runs the network until the probe is answered or the deadline passes. */
static bool await_answer(uint64_t deadline_us)
{
    for (;;) {
        mps2_net_poll(&self.net);
        if (self.probe.answered) {
            return true;
        }
        if (mps2_clock_us() >= deadline_us) {
            return false;
        }
        mps2_idle(net_has_work, NULL);
    }
}

static void sort_u32(uint32_t *v, uint32_t n)
{
    for (uint32_t gap = n / 2u; gap > 0u; gap /= 2u) { /* shell sort: small and fast enough */
        for (uint32_t i = gap; i < n; i++) {
            uint32_t x = v[i], j = i;
            for (; j >= gap && v[j - gap] > x; j -= gap) {
                v[j] = v[j - gap];
            }
            v[j] = x;
        }
    }
}

static void run_pings(uint32_t peer, uint32_t count, uint32_t size, struct text_line *reply)
{
    uint32_t ok = 0;
    static uint32_t seq = 1000000u;
    for (uint32_t i = 0; i < count; i++) {
        uint64_t sent_us = mps2_clock_us();
        if (send_ping(peer, ++seq, (uint16_t)size) && await_answer(sent_us + PING_TIMEOUT_US)) {
            self.rtt_us[ok++] = (uint32_t)(self.probe.answered_us - sent_us);
        }
    }
    text_add(reply, "ping");
    text_add_field(reply, "peer", peer);
    text_add_field(reply, "count", count);
    text_add_field(reply, "size", size);
    text_add_field(reply, "ok", ok);
    text_add_field(reply, "lost", count - ok);
    if (ok > 0u) {
        sort_u32(self.rtt_us, ok);
        uint32_t sum = 0; /* <= 1000 x 50 ms: fits, and avoids a 64-bit division */
        for (uint32_t i = 0; i < ok; i++) {
            sum += self.rtt_us[i];
        }
        text_add_field(reply, "min_us", self.rtt_us[0]);
        text_add_field(reply, "p50_us", self.rtt_us[ok / 2u]);
        text_add_field(reply, "p99_us", self.rtt_us[(ok * 99u) / 100u]);
        text_add_field(reply, "max_us", self.rtt_us[ok - 1u]);
        text_add_field(reply, "avg_us", sum / ok);
    }
}

static void report_status(struct text_line *reply)
{
    const struct mps2_lan9118_stats *eth = &self.net.eth.stats;
    text_add(reply, "status");
    text_add_field(reply, "node", self.id);
    text_add_field(reply, "first_udp_us", self.first_udp_us);
    text_add_field(reply, "answered", self.pings_answered);
    text_add_field(reply, "pongs", self.pongs_received);
    text_add_field(reply, "eth_rx", eth->rx_frames);
    text_add_field(reply, "eth_rx_err", eth->rx_errors);
    text_add_field(reply, "eth_tx", eth->tx_frames);
    text_add_field(reply, "eth_tx_err", eth->tx_errors);
    text_add_field(reply, "no_buffer", self.net.rx_no_buffer);
    text_add_field(reply, "send_fail", self.send_failures);
    text_add_field(reply, "stack_unused", mps2_stack_unused());
}

static bool anything_to_do(void *ctx)
{
    (void)ctx;
    return mps2_net_work_pending(&self.net) || mps2_uart_rx_pending(&console);
}

static int start_network(const char *cmdline)
{
    if (mps2_cmdline_u32(cmdline, "node", &self.id) != 0 || self.id == 0u || self.id > 254u) {
        mps2_sh_write0("udp-check: need node=N (1..254) in the semihosting arguments\n");
        return 2;
    }
    if (mps2_cmdline_u32(cmdline, "nodes", &self.peers) != 0 || self.peers < 2u || self.peers > 254u) {
        mps2_sh_write0("udp-check: need nodes=K (2..254) in the semihosting arguments\n");
        return 2;
    }
    struct mps2_net_address address = { .ip = { 10, 0, 0, (uint8_t)self.id }, .netmask = { 255, 255, 255, 0 } };
    mps2_lan9118_mac_for_node(self.id, address.mac);
    mps2_net_seed_random(mps2_clock_raw() ^ self.id);
    if (mps2_net_init(&self.net, &address) != MPS2_NET_OK) {
        mps2_sh_write0("udp-check: the LAN9118 did not answer (is -nic/-net nic given?)\n");
        return 3;
    }
    if (!mps2_cmdline_has(cmdline, "arp=dynamic")) {
        for (uint32_t peer = 1; peer <= self.peers; peer++) {
            uint8_t ip[4] = { 10, 0, 0, (uint8_t)peer }, mac[6];
            mps2_lan9118_mac_for_node(peer, mac);
            if (peer != self.id && !mps2_net_add_peer(&self.net, ip, mac)) {
                mps2_sh_write0("udp-check: ARP table full (raise RAFTFORGE_NET_PEERS)\n");
                return 3;
            }
        }
    }
    self.pcb = udp_new();
    if (self.pcb == NULL || udp_bind(self.pcb, IP_ADDR_ANY, UDP_PORT) != ERR_OK) {
        mps2_sh_write0("udp-check: cannot bind UDP port 5000\n");
        return 3;
    }
    udp_recv(self.pcb, on_datagram, NULL);
    return 0;
}

/* Pings the next node until it answers once (it may still be booting). */
static void first_contact(void)
{
    uint32_t peer = self.id % self.peers + 1u;
    uint64_t give_up = mps2_clock_us() + 5000000u;
    for (uint32_t seq = 1; mps2_clock_us() < give_up; seq++) {
        uint64_t sent = mps2_clock_us();
        if (send_ping(peer, seq, 16u) && await_answer(sent + BOOT_PING_INTERVAL_US)) {
            self.first_udp_us = self.probe.answered_us;
            return;
        }
        while (mps2_clock_us() < sent + BOOT_PING_INTERVAL_US) {
            mps2_net_poll(&self.net);
            mps2_idle(net_has_work, NULL);
        }
    }
}

int main(void)
{
    mps2_clock_init();
    uint64_t main_us = mps2_clock_us(); /* QEMU start-up before the first instruction */
    mps2_uart_init(&console);
    char cmdline[128];
    if (mps2_sh_get_cmdline(cmdline, sizeof cmdline) < 0) {
        cmdline[0] = '\0';
    }
    int status = start_network(cmdline);
    if (status != 0) {
        return status;
    }
    first_contact();
    struct text_line reply;
    text_reset(&reply);
    text_add(&reply, "ready");
    text_add_field(&reply, "node", self.id);
    text_add_field(&reply, "main_us", main_us);
    text_add_field(&reply, "first_udp_us", self.first_udp_us);
    mps2_uart_write_line(&console, reply.buf);

    char line[MPS2_UART_LINE_MAX + 1u];
    for (;;) {
        mps2_idle(anything_to_do, NULL);
        mps2_net_poll(&self.net);
        enum mps2_uart_line got = mps2_uart_read_line(&console, line, sizeof line);
        if (got == MPS2_UART_NO_LINE) {
            continue;
        }
        text_reset(&reply);
        const char *arg;
        if (got == MPS2_UART_LINE_TOO_LONG) {
            text_add(&reply, "error line too long");
        } else if (text_after_word(line, "status") != NULL) {
            report_status(&reply);
        } else if ((arg = text_after_word(line, "ping")) != NULL) {
            uint32_t peer = 0, count = 0, size = 16;
            if (!text_take_u32(&arg, &peer) || !text_take_u32(&arg, &count) || peer == 0u || peer > 254u
                || count == 0u || count > MAX_PINGS || (text_take_u32(&arg, &size) && (size < 16u || size > MAX_DATAGRAM))) {
                text_add(&reply, "error usage: ping PEER COUNT(1..1000) [SIZE(16..1472)]");
            } else {
                run_pings(peer, count, size, &reply);
            }
        } else if ((arg = text_after_word(line, "exit")) != NULL) {
            uint32_t code = 0;
            (void)text_take_u32(&arg, &code);
            mps2_uart_flush(&console);
            mps2_sh_exit(code & 0xFFu);
        } else {
            text_add(&reply, "error unknown command: ");
            text_add(&reply, line);
        }
        mps2_uart_write_line(&console, reply.buf);
    }
}
