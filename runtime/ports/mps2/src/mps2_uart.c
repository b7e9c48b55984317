/* mps2_uart.c — interrupt-driven CMSDK APB UART0 line channel. */
#include "mps2/mps2_uart.h"

#include <string.h>

#include "mps2/mps2_board.h"

#define UART_DATA      (MPS2_UART0_BASE + 0x00u)
#define UART_STATE     (MPS2_UART0_BASE + 0x04u)
#define UART_CTRL      (MPS2_UART0_BASE + 0x08u)
#define UART_INTSTATUS (MPS2_UART0_BASE + 0x0Cu)
#define UART_BAUDDIV   (MPS2_UART0_BASE + 0x10u)

#define STATE_TX_FULL  (1u << 0)
#define STATE_RX_FULL  (1u << 1)
#define CTRL_TX_EN     (1u << 0)
#define CTRL_RX_EN     (1u << 1)
#define CTRL_TX_INTEN  (1u << 2)
#define CTRL_RX_INTEN  (1u << 3)
#define INT_TX         (1u << 0)
#define INT_RX         (1u << 1)

#define RX_MASK ((uint16_t)(MPS2_UART_RX_RING - 1u))
#define TX_MASK ((uint16_t)(MPS2_UART_TX_RING - 1u))

/* The handlers take no arguments, so the one UART0 state is registered here. */
static struct mps2_uart *uart0;

void mps2_uart_init(struct mps2_uart *uart)
{
    memset((void *)uart, 0, sizeof *uart);
    uart0 = uart;
    MPS2_REG(UART_CTRL) = 0;
    MPS2_REG(UART_BAUDDIV) = MPS2_SYSCLK_HZ / MPS2_UART_BAUD; /* QEMU needs >= 16 */
    MPS2_REG(UART_INTSTATUS) = INT_TX | INT_RX;
    MPS2_REG(UART_CTRL) = CTRL_TX_EN | CTRL_RX_EN | CTRL_TX_INTEN | CTRL_RX_INTEN;
    mps2_nvic_clear_pending(MPS2_IRQ_UART0_RX);
    mps2_nvic_clear_pending(MPS2_IRQ_UART0_TX);
    mps2_nvic_enable(MPS2_IRQ_UART0_RX);
    mps2_nvic_enable(MPS2_IRQ_UART0_TX);
}

/* Moves bytes from the UART into the ring; with a full ring it leaves the byte
 * in the UART and turns the receive interrupt off (QEMU then holds back the
 * rest). Runs in the handler or with interrupts masked. */
static void drain_receiver(struct mps2_uart *uart)
{
    while ((MPS2_REG(UART_STATE) & STATE_RX_FULL) != 0u) {
        uint16_t head = uart->rx_head;
        if ((uint16_t)(head - uart->rx_tail) >= MPS2_UART_RX_RING) {
            if (!uart->rx_stalled) {
                uart->rx_stalls++;
            }
            uart->rx_stalled = true;
            MPS2_REG(UART_CTRL) &= ~CTRL_RX_INTEN;
            return;
        }
        uint8_t byte = (uint8_t)MPS2_REG(UART_DATA);
        uart->rx_ring[head & RX_MASK] = byte;
        uart->rx_head = (uint16_t)(head + 1u);
        if (byte == '\n') {
            uart->rx_lines_in = (uint16_t)(uart->rx_lines_in + 1u);
        }
    }
}

void mps2_uart0_rx_isr(void)
{
    MPS2_REG(UART_INTSTATUS) = INT_RX;
    if (uart0 != NULL) {
        drain_receiver(uart0);
    }
}

void mps2_uart0_tx_isr(void)
{
    MPS2_REG(UART_INTSTATUS) = INT_TX;
    struct mps2_uart *uart = uart0;
    if (uart == NULL) {
        return;
    }
    uint16_t tail = uart->tx_tail;
    if (tail == uart->tx_head) {
        uart->tx_busy = false;
        return;
    }
    MPS2_REG(UART_DATA) = uart->tx_ring[tail & TX_MASK];
    uart->tx_tail = (uint16_t)(tail + 1u);
}

bool mps2_uart_rx_pending(const struct mps2_uart *uart)
{
    return uart->rx_head != uart->rx_tail;
}

bool mps2_uart_line_pending(const struct mps2_uart *uart)
{
    return uart->rx_lines_in != uart->rx_lines_out || uart->rx_stalled;
}

static bool take_byte(struct mps2_uart *uart, uint8_t *byte)
{
    uint16_t tail = uart->rx_tail;
    if (tail == uart->rx_head) {
        return false;
    }
    *byte = uart->rx_ring[tail & RX_MASK];
    uart->rx_tail = (uint16_t)(tail + 1u);
    if (uart->rx_stalled) {
        /* Room again: take the byte left in the UART, then let bytes flow. */
        bool were_enabled = mps2_irq_save();
        uart->rx_stalled = false;
        drain_receiver(uart);
        if (!uart->rx_stalled) {
            MPS2_REG(UART_CTRL) |= CTRL_RX_INTEN;
            /* QEMU raises the receive interrupt only for a byte that arrives while
             * it is enabled: one that came between the drain above and this
             * enable would sit in the UART for ever (and QEMU would send no
             * more). Look again now that arrivals interrupt. */
            drain_receiver(uart);
        }
        mps2_irq_restore(were_enabled);
    }
    return true;
}

enum mps2_uart_line mps2_uart_read_line(struct mps2_uart *uart, char *out, size_t size)
{
    uint8_t byte;
    while (take_byte(uart, &byte)) {
        if (byte == '\r') {
            continue;
        }
        if (byte == '\n') {
            uart->rx_lines_out = (uint16_t)(uart->rx_lines_out + 1u);
            bool rejected = uart->line_too_long;
            size_t len = uart->line_len;
            uart->line_len = 0;
            uart->line_too_long = false;
            if (rejected || len >= size) {
                uart->lines_too_long++;
                if (size > 0u) {
                    out[0] = '\0';
                }
                return MPS2_UART_LINE_TOO_LONG;
            }
            memcpy(out, uart->line, len);
            out[len] = '\0';
            return MPS2_UART_LINE;
        }
        if (uart->line_len >= MPS2_UART_LINE_MAX) {
            uart->line_too_long = true;
        } else {
            uart->line[uart->line_len++] = (char)byte;
        }
    }
    return MPS2_UART_NO_LINE;
}

static bool tx_ring_full(const struct mps2_uart *uart)
{
    return (uint16_t)(uart->tx_head - uart->tx_tail) >= MPS2_UART_TX_RING;
}

static bool tx_has_room(void *ctx)
{
    return !tx_ring_full(ctx);
}

void mps2_uart_write(struct mps2_uart *uart, const char *data, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        while (tx_ring_full(uart)) {
            mps2_idle(tx_has_room, uart);
        }
        bool were_enabled = mps2_irq_save();
        if (!uart->tx_busy) {
            /* Idle transmitter: start it; its completion interrupt sends the rest. */
            uart->tx_busy = true;
            MPS2_REG(UART_DATA) = (uint8_t)data[i];
        } else {
            uart->tx_ring[uart->tx_head & TX_MASK] = (uint8_t)data[i];
            uart->tx_head = (uint16_t)(uart->tx_head + 1u);
        }
        mps2_irq_restore(were_enabled);
    }
}

void mps2_uart_write_line(struct mps2_uart *uart, const char *text)
{
    mps2_uart_write(uart, text, strlen(text));
    mps2_uart_write(uart, "\n", 1u);
}

static bool tx_done(void *ctx)
{
    const struct mps2_uart *uart = ctx;
    return !uart->tx_busy;
}

void mps2_uart_flush(struct mps2_uart *uart)
{
    while (uart->tx_busy) {
        mps2_idle(tx_done, uart);
    }
}
