/* mps2_uart.h — CMSDK APB UART0 as a line channel (the node's control console).
 *
 * Both directions are interrupt driven through ring buffers, so the CPU sleeps
 * in WFI while waiting. Nothing is dropped: when the receive ring is full the
 * driver stops taking bytes and QEMU holds the rest back (the UART has a
 * one-byte buffer and QEMU only delivers when it is empty); when the transmit
 * ring is full the writer sleeps until the transmit interrupt makes room. */
#ifndef MPS2_UART_H
#define MPS2_UART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifndef MPS2_UART_RX_RING
#define MPS2_UART_RX_RING 128u /* bytes; power of two */
#endif
#ifndef MPS2_UART_TX_RING
#define MPS2_UART_TX_RING 512u /* bytes; power of two */
#endif
#ifndef MPS2_UART_LINE_MAX
#define MPS2_UART_LINE_MAX 200u /* longest accepted line, without its '\n' */
#endif
#define MPS2_UART_BAUD 115200u

_Static_assert((MPS2_UART_RX_RING & (MPS2_UART_RX_RING - 1u)) == 0u, "MPS2_UART_RX_RING must be a power of two");
_Static_assert((MPS2_UART_TX_RING & (MPS2_UART_TX_RING - 1u)) == 0u, "MPS2_UART_TX_RING must be a power of two");
_Static_assert(MPS2_UART_RX_RING <= 32768u && MPS2_UART_TX_RING <= 32768u, "UART rings are indexed with 16 bits");

struct mps2_uart {
    /* receive: the interrupt handler produces, the main loop consumes */
    volatile uint8_t rx_ring[MPS2_UART_RX_RING];
    volatile uint16_t rx_head;
    volatile uint16_t rx_tail;
    volatile bool rx_stalled; /* ring was full: byte left in the UART, interrupt off */
    volatile uint32_t rx_stalls; /* times the ring filled and held the sender back */
    volatile uint16_t rx_lines_in;  /* line ends the handler put in the ring */
    uint16_t rx_lines_out;          /* line ends the main loop took out */
    /* transmit: the main loop produces, the interrupt handler consumes */
    volatile uint8_t tx_ring[MPS2_UART_TX_RING];
    volatile uint16_t tx_head;
    volatile uint16_t tx_tail;
    volatile bool tx_busy;    /* a byte is in the UART; its completion interrupt follows */
    /* line assembly (main loop only) */
    char line[MPS2_UART_LINE_MAX + 1u];
    uint16_t line_len;
    bool line_too_long;       /* discarding until the next '\n' */
    uint32_t lines_too_long;  /* lines rejected for length since init */
};

enum mps2_uart_line {
    MPS2_UART_NO_LINE = 0,   /* no complete line yet */
    MPS2_UART_LINE = 1,      /* a line was copied out */
    MPS2_UART_LINE_TOO_LONG = -1 /* a line longer than MPS2_UART_LINE_MAX was discarded */
};

/* Sets UART0 up (115200 8N1, both interrupts) with `uart` as its state; the
 * object must outlive the program. Enables the UART's NVIC lines. */
void mps2_uart_init(struct mps2_uart *uart);

/* Takes the next complete line (without "\r\n") into out[size] as a
 * NUL-terminated string. size must be > MPS2_UART_LINE_MAX. Never blocks. */
enum mps2_uart_line mps2_uart_read_line(struct mps2_uart *uart, char *out, size_t size);

/* True when received bytes wait to be assembled. */
bool mps2_uart_rx_pending(const struct mps2_uart *uart);
/* True when a whole line waits, or the ring is full and must be drained (for
 * the idle check: bytes of a line still arriving do not wake the main loop,
 * which would otherwise run once per byte). */
bool mps2_uart_line_pending(const struct mps2_uart *uart);

/* Queues `len` bytes; sleeps (WFI) while the ring is full. */
void mps2_uart_write(struct mps2_uart *uart, const char *data, size_t len);
/* Queues a NUL-terminated string followed by '\n'. */
void mps2_uart_write_line(struct mps2_uart *uart, const char *text);
/* Sleeps until every queued byte has left the UART. */
void mps2_uart_flush(struct mps2_uart *uart);

/* UART0 interrupt handlers (placed in the vector table by the startup). */
void mps2_uart0_rx_isr(void);
void mps2_uart0_tx_isr(void);

#endif /* MPS2_UART_H */
