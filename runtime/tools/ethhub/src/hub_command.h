/* hub_command.h — the hub's line-oriented control language (one request per
 * line; the reply is zero or more data lines, then one line starting with "ok"
 * or "error: "). The launcher writes it on the hub's stdin or a control socket.
 *
 *   help                                  list the commands
 *   ports                                 "ports N"
 *   stats [PORT]                          "port P rx=.. tx=.. flooded=.. blocked=.. dropped=..
 *                                          duplicated=.. delayed=.. send_errors=.. malformed=.."
 *   reset-stats
 *   macs                                  "mac aa:bb:cc:dd:ee:ff port P" per learned address
 *   rules                                 "link A>B blocked=.. drop=.. dup=.. delay_us=.. jitter_us=.."
 *                                         for every link that differs from the default
 *   isolate P[,P...]                      cut every link to and from these ports
 *   partition P,P.. P,P.. [...]           only ports in the same group talk; a port
 *                                         named in no group is isolated
 *   cut LINK | uncut LINK                 LINK = A-B (both ways) or A>B (one way)
 *   heal                                  unblock every link (drop/dup/delay stay)
 *   drop PCT [on LINKS]                   lose PCT % of frames (0..100, decimals allowed)
 *   dup PCT [on LINKS]                    send PCT % of frames twice
 *   delay MS [jitter MS] [on LINKS]       hold frames MS (+ uniform 0..jitter) ms
 *                                         LINKS = all (default) | A-B | A>B | P (every
 *                                         link touching port P)
 *   seed N                                restart every link's random stream from N
 *   clear                                 heal and remove every drop/dup/delay rule
 *   quit                                  stop the hub
 */
#ifndef HUB_COMMAND_H
#define HUB_COMMAND_H

#include <stddef.h>
#include <stdint.h>

#include "hub.h"

/* A growing reply buffer. */
struct hub_text {
    char *buf;
    size_t len;
    size_t cap;
};

void hub_text_free(struct hub_text *t);
void hub_text_clear(struct hub_text *t);
void hub_text_printf(struct hub_text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

enum hub_command_result { HUB_CMD_OK, HUB_CMD_ERROR, HUB_CMD_QUIT };

/* Runs one request line against the hub; appends the reply lines (each ending
 * in '\n') to `reply`. now_us is used for MAC ages. */
enum hub_command_result hub_command_run(struct hub *h, const char *line, uint64_t now_us, struct hub_text *reply);

/* Parsers, exposed for the tests. "12.5" with scale 10000 -> 125000 (PCT to ppm);
 * with scale 1000 -> 12500 (ms to us). At most 6 decimals; false on bad text. */
int hub_parse_decimal(const char *text, uint64_t scale, uint64_t *out);

#endif /* HUB_COMMAND_H */
