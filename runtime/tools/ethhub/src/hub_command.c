/* hub_command.c — parsing and executing control lines. */
#include "hub_command.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TOKENS 72

void hub_text_free(struct hub_text *t)
{
    free(t->buf);
    memset(t, 0, sizeof *t);
}

void hub_text_clear(struct hub_text *t)
{
    t->len = 0;
    if (t->buf != NULL) {
        t->buf[0] = '\0';
    }
}

void hub_text_printf(struct hub_text *t, const char *fmt, ...)
{
    for (;;) {
        size_t room = t->cap - t->len;
        va_list ap;
        va_start(ap, fmt);
        int n = t->buf != NULL ? vsnprintf(t->buf + t->len, room, fmt, ap) : -1;
        va_end(ap);
        if (n >= 0 && (size_t)n < room) {
            t->len += (size_t)n;
            return;
        }
        size_t need = t->len + (n > 0 ? (size_t)n : 0u) + 256u;
        size_t cap = t->cap * 2u > need ? t->cap * 2u : need;
        char *grown = realloc(t->buf, cap);
        if (grown == NULL) {
            return; /* out of memory: the reply is truncated, never overrun */
        }
        t->buf = grown;
        t->cap = cap;
    }
}

int hub_parse_decimal(const char *text, uint64_t scale, uint64_t *out)
{
    const char *p = text;
    uint64_t whole = 0;
    if (!isdigit((unsigned char)*p)) {
        return 0;
    }
    while (isdigit((unsigned char)*p)) {
        whole = whole * 10u + (uint64_t)(*p++ - '0');
        if (whole > 1000000000ull) {
            return 0;
        }
    }
    uint64_t frac = 0, frac_scale = 1;
    if (*p == '.') {
        p++;
        if (!isdigit((unsigned char)*p)) {
            return 0;
        }
        while (isdigit((unsigned char)*p)) {
            if (frac_scale >= 1000000u) {
                return 0;
            }
            frac = frac * 10u + (uint64_t)(*p++ - '0');
            frac_scale *= 10u;
        }
    }
    if (*p == '%') {
        p++;
    }
    if (*p != '\0') {
        return 0;
    }
    *out = whole * scale + frac * scale / frac_scale;
    return 1;
}

static int tokenize(char *line, char **tokens)
{
    int n = 0;
    for (char *save = NULL, *t = strtok_r(line, " \t\r\n", &save); t != NULL && n < MAX_TOKENS;
         t = strtok_r(NULL, " \t\r\n", &save)) {
        tokens[n++] = t;
    }
    return n;
}

static enum hub_command_result fail(struct hub_text *reply, const char *fmt, const char *arg)
{
    hub_text_printf(reply, "error: ");
    hub_text_printf(reply, fmt, arg);
    hub_text_printf(reply, "\n");
    return HUB_CMD_ERROR;
}

static bool parse_port(const struct hub *h, const char *text, unsigned *port)
{
    char *end = NULL;
    long v = strtol(text, &end, 10);
    if (end == text || *end != '\0' || v < 1 || v > (long)h->ports) {
        return false;
    }
    *port = (unsigned)v;
    return true;
}

/* A set of directed links: bit matrix [from][to]. */
struct link_set {
    bool on[HUB_MAX_PORTS + 1u][HUB_MAX_PORTS + 1u];
};

/* LINKS = all | A-B | A>B | P */
static bool parse_links(const struct hub *h, const char *text, struct link_set *set)
{
    memset(set, 0, sizeof *set);
    char a_text[16], b_text[16];
    unsigned a, b;
    if (strcmp(text, "all") == 0) {
        for (a = 1; a <= h->ports; a++) {
            for (b = 1; b <= h->ports; b++) {
                set->on[a][b] = a != b;
            }
        }
        return true;
    }
    const char *sep = strpbrk(text, "->");
    if (sep == NULL) {
        if (!parse_port(h, text, &a)) {
            return false;
        }
        for (b = 1; b <= h->ports; b++) {
            set->on[a][b] = set->on[b][a] = a != b;
        }
        return true;
    }
    size_t left = (size_t)(sep - text);
    if (left == 0 || left >= sizeof a_text || strlen(sep + 1) >= sizeof b_text) {
        return false;
    }
    memcpy(a_text, text, left);
    a_text[left] = '\0';
    strcpy(b_text, sep + 1);
    if (!parse_port(h, a_text, &a) || !parse_port(h, b_text, &b) || a == b) {
        return false;
    }
    set->on[a][b] = true;
    if (*sep == '-') {
        set->on[b][a] = true;
    }
    return true;
}

static void for_links(struct hub *h, const struct link_set *set, void (*apply)(struct hub_link_rule *, const void *),
                      const void *arg)
{
    for (unsigned a = 1; a <= h->ports; a++) {
        for (unsigned b = 1; b <= h->ports; b++) {
            if (set->on[a][b]) {
                apply(hub_faults_rule(&h->faults, a, b), arg);
            }
        }
    }
}

static void set_drop(struct hub_link_rule *r, const void *arg) { r->drop_ppm = *(const uint32_t *)arg; }
static void set_dup(struct hub_link_rule *r, const void *arg) { r->dup_ppm = *(const uint32_t *)arg; }
static void set_blocked(struct hub_link_rule *r, const void *arg) { r->blocked = *(const bool *)arg; }
static void set_delay(struct hub_link_rule *r, const void *arg)
{
    const uint64_t *d = arg;
    r->delay_us = d[0];
    r->jitter_us = d[1];
}

static void print_stats(const struct hub *h, unsigned p, struct hub_text *reply)
{
    const struct hub_port_stats *s = &h->stats[p];
    hub_text_printf(reply,
                    "port %u rx=%llu tx=%llu flooded=%llu blocked=%llu dropped=%llu duplicated=%llu "
                    "delayed=%llu send_errors=%llu malformed=%llu\n",
                    p, (unsigned long long)s->rx, (unsigned long long)s->tx, (unsigned long long)s->flooded,
                    (unsigned long long)s->blocked, (unsigned long long)s->dropped,
                    (unsigned long long)s->duplicated, (unsigned long long)s->delayed,
                    (unsigned long long)s->send_errors, (unsigned long long)s->malformed);
}

static const char *const help_text =
    "help | ports | stats [PORT] | reset-stats | macs | rules\n"
    "isolate P[,P..] | partition P,P.. P,P.. | cut LINK | uncut LINK | heal | clear\n"
    "drop PCT [on LINKS] | dup PCT [on LINKS] | delay MS [jitter MS] [on LINKS] | seed N | quit\n"
    "LINK = A-B | A>B ; LINKS = all | A-B | A>B | P\n";

/* "drop 10 on 1-2": the optional "on LINKS" tail starting at tokens[i]. */
static bool take_links(struct hub *h, char **tokens, int n, int i, struct link_set *set)
{
    if (i == n) {
        return parse_links(h, "all", set);
    }
    return i + 2 == n && strcmp(tokens[i], "on") == 0 && parse_links(h, tokens[i + 1], set);
}

/* Parses "P,P,P" into group `group` of group_of; false on a bad or repeated port. */
static bool parse_group(struct hub *h, char *text, unsigned group, unsigned group_of[HUB_MAX_PORTS + 1u])
{
    for (char *save = NULL, *t = strtok_r(text, ",", &save); t != NULL; t = strtok_r(NULL, ",", &save)) {
        unsigned p;
        if (!parse_port(h, t, &p) || group_of[p] != 0u) {
            return false;
        }
        group_of[p] = group;
    }
    return true;
}

enum hub_command_result hub_command_run(struct hub *h, const char *line, uint64_t now_us, struct hub_text *reply)
{
    char copy[1024];
    if (strlen(line) >= sizeof copy) {
        return fail(reply, "%s", "request longer than 1023 characters");
    }
    strcpy(copy, line);
    char *tokens[MAX_TOKENS];
    int n = tokenize(copy, tokens);
    if (n == 0) {
        return fail(reply, "%s", "empty request; try 'help'");
    }
    const char *cmd = tokens[0];

    if (strcmp(cmd, "help") == 0) {
        hub_text_printf(reply, "%s", help_text);
    } else if (strcmp(cmd, "ports") == 0 && n == 1) {
        hub_text_printf(reply, "ports %u\n", h->ports);
    } else if (strcmp(cmd, "stats") == 0 && n <= 2) {
        unsigned p;
        if (n == 2) {
            if (!parse_port(h, tokens[1], &p)) {
                return fail(reply, "stats: '%s' is not a port number (1..ports)", tokens[1]);
            }
            print_stats(h, p, reply);
        } else {
            for (p = 1; p <= h->ports; p++) {
                print_stats(h, p, reply);
            }
        }
    } else if (strcmp(cmd, "reset-stats") == 0 && n == 1) {
        hub_reset_stats(h);
    } else if (strcmp(cmd, "macs") == 0 && n == 1) {
        for (size_t i = 0; i < HUB_MAC_TABLE_SIZE; i++) {
            const struct hub_mac_entry *e = &h->sw.table[i];
            if (e->port != 0u && hub_switch_lookup(&h->sw, e->mac, now_us) == e->port) {
                hub_text_printf(reply, "mac %02x:%02x:%02x:%02x:%02x:%02x port %u\n", e->mac[0], e->mac[1],
                                e->mac[2], e->mac[3], e->mac[4], e->mac[5], e->port);
            }
        }
    } else if (strcmp(cmd, "rules") == 0 && n == 1) {
        for (unsigned a = 1; a <= h->ports; a++) {
            for (unsigned b = 1; b <= h->ports; b++) {
                const struct hub_link_rule *r = hub_faults_rule(&h->faults, a, b);
                if (a != b && (r->blocked || r->drop_ppm || r->dup_ppm || r->delay_us || r->jitter_us)) {
                    hub_text_printf(reply, "link %u>%u blocked=%d drop_ppm=%u dup_ppm=%u delay_us=%llu jitter_us=%llu\n",
                                    a, b, r->blocked ? 1 : 0, r->drop_ppm, r->dup_ppm,
                                    (unsigned long long)r->delay_us, (unsigned long long)r->jitter_us);
                }
            }
        }
    } else if (strcmp(cmd, "isolate") == 0 && n == 2) {
        unsigned group_of[HUB_MAX_PORTS + 1u] = { 0 };
        if (!parse_group(h, tokens[1], 1u, group_of)) {
            return fail(reply, "isolate: bad port list '%s'; usage: isolate P[,P...]", tokens[1]);
        }
        for (unsigned p = 1; p <= h->ports; p++) {
            if (group_of[p] != 0u) {
                hub_faults_isolate(&h->faults, p);
            }
        }
    } else if (strcmp(cmd, "partition") == 0 && n >= 2) {
        unsigned group_of[HUB_MAX_PORTS + 1u] = { 0 };
        for (int i = 1; i < n; i++) {
            char group_text[1024];
            snprintf(group_text, sizeof group_text, "%s", tokens[i]);
            if (!parse_group(h, tokens[i], (unsigned)i, group_of)) {
                return fail(reply, "partition: bad or repeated port in group '%s'; usage: partition P,P.. P,P..",
                            group_text);
            }
        }
        hub_faults_partition(&h->faults, group_of);
    } else if ((strcmp(cmd, "cut") == 0 || strcmp(cmd, "uncut") == 0) && n == 2) {
        struct link_set set;
        if (strpbrk(tokens[1], "->") == NULL || !parse_links(h, tokens[1], &set)) {
            return fail(reply, "cut/uncut: bad link '%s'; usage: cut A-B | cut A>B", tokens[1]);
        }
        bool blocked = strcmp(cmd, "cut") == 0;
        for_links(h, &set, set_blocked, &blocked);
    } else if (strcmp(cmd, "heal") == 0 && n == 1) {
        hub_faults_heal(&h->faults);
    } else if (strcmp(cmd, "clear") == 0 && n == 1) {
        hub_faults_clear(&h->faults);
    } else if ((strcmp(cmd, "drop") == 0 || strcmp(cmd, "dup") == 0) && n >= 2) {
        uint64_t ppm;
        struct link_set set;
        if (!hub_parse_decimal(tokens[1], 10000u, &ppm) || ppm > HUB_PPM) {
            return fail(reply, "%s: percentage must be 0..100 (e.g. 2.5)", cmd);
        }
        if (!take_links(h, tokens, n, 2, &set)) {
            return fail(reply, "%s: usage: PCT [on all|A-B|A>B|P]", cmd);
        }
        uint32_t value = (uint32_t)ppm;
        for_links(h, &set, strcmp(cmd, "drop") == 0 ? set_drop : set_dup, &value);
    } else if (strcmp(cmd, "delay") == 0 && n >= 2) {
        uint64_t d[2] = { 0, 0 };
        struct link_set set;
        int i = 2;
        if (!hub_parse_decimal(tokens[1], 1000u, &d[0]) || d[0] > 60000000u) {
            return fail(reply, "%s", "delay: MS must be 0..60000 (decimals allowed)");
        }
        if (i < n && strcmp(tokens[i], "jitter") == 0) {
            if (i + 1 >= n || !hub_parse_decimal(tokens[i + 1], 1000u, &d[1]) || d[1] > 60000000u) {
                return fail(reply, "%s", "delay: jitter MS must be 0..60000");
            }
            i += 2;
        }
        if (!take_links(h, tokens, n, i, &set)) {
            return fail(reply, "%s", "delay: usage: delay MS [jitter MS] [on all|A-B|A>B|P]");
        }
        for_links(h, &set, set_delay, d);
    } else if (strcmp(cmd, "seed") == 0 && n == 2) {
        char *end = NULL;
        unsigned long long seed = strtoull(tokens[1], &end, 10);
        if (end == tokens[1] || *end != '\0') {
            return fail(reply, "seed: '%s' is not a decimal number", tokens[1]);
        }
        hub_faults_reseed(&h->faults, seed);
    } else if (strcmp(cmd, "quit") == 0 && n == 1) {
        hub_text_printf(reply, "ok bye\n");
        return HUB_CMD_QUIT;
    } else {
        return fail(reply, "unknown request or wrong arguments: '%s'; try 'help'", line);
    }
    hub_text_printf(reply, "ok\n");
    return HUB_CMD_OK;
}
