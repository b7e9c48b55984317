/* mps2_lan9118.c — LAN9118 driver: init, MAC filter, FIFO byte streams, IRQ. */
#include "mps2/mps2_lan9118.h"

#include <string.h>

#include "mps2/mps2_board.h"

#define LAN_REG(off) MPS2_REG(MPS2_LAN9118_BASE + (off))
#define RX_DATA      0x00u
#define TX_DATA      0x20u
#define RX_STATUS    0x40u
#define TX_STATUS    0x48u
#define ID_REV       0x50u
#define IRQ_CFG      0x54u
#define INT_STS      0x58u
#define INT_EN       0x5Cu
#define BYTE_TEST    0x64u
#define FIFO_INT     0x68u
#define RX_CFG       0x6Cu
#define TX_CFG       0x70u
#define RX_FIFO_INF  0x7Cu
#define TX_FIFO_INF  0x80u
#define PMT_CTRL     0x84u
#define MAC_CSR_CMD  0xA4u
#define MAC_CSR_DATA 0xA8u

#define BYTE_TEST_VALUE     0x87654321u
#define ID_REV_CHIP_9118    0x0118u
#define IRQ_CFG_ENABLE_HIGH_PUSHPULL 0x111u /* else the line idles asserted */
#define INT_RSFL            (1u << 3)       /* RX status FIFO level reached */
#define RX_CFG_RXDOFF_PAD   (MPS2_LAN9118_PAD << 8)
#define TX_CFG_TX_ON        (1u << 1)
#define TX_CFG_STATUS_DUMP  (1u << 15)
#define RX_CFG_RX_DUMP      (1u << 15)
#define PMT_CTRL_READY      (1u << 0)
#define RX_STS_ERROR        (1u << 15)
#define RX_STS_LENGTH(s)    (((s) >> 16) & 0x3FFFu) /* includes the 4-byte CRC */
#define TX_STS_ERROR        (1u << 15)
#define FIFO_INF_USED(v)    (((v) >> 16) & 0xFFu)
#define TX_FIFO_FREE(v)     ((v) & 0xFFFFu)
#define CSR_BUSY            (1u << 31)
#define CSR_READ            (1u << 30)
#define MAC_CR              1u
#define MAC_ADDRH           2u
#define MAC_ADDRL           3u
#define MAC_CR_RXEN         (1u << 2)
#define MAC_CR_TXEN         (1u << 3)
#define MAC_CR_FDPX         (1u << 20)
#define TX_CMD_A_FIRST      (1u << 13)
#define TX_CMD_A_LAST       (1u << 12)
#define TX_CMD_A_OFFSET(n)  ((uint32_t)(n) << 16)
#define CRC_BYTES           4u
#define READY_POLLS         1000u

static struct mps2_lan9118 *lan0; /* for the argument-less interrupt handler */

void mps2_lan9118_mac_for_node(uint32_t node_id, uint8_t mac[6])
{
    mac[0] = 0x02; /* locally administered, unicast */
    mac[1] = 0x00;
    mac[2] = 0x00;
    mac[3] = 0x00;
    mac[4] = (uint8_t)(node_id >> 8);
    mac[5] = (uint8_t)node_id;
}

static void mac_csr_write(uint32_t index, uint32_t value)
{
    while ((LAN_REG(MAC_CSR_CMD) & CSR_BUSY) != 0u) {
    }
    LAN_REG(MAC_CSR_DATA) = value;
    LAN_REG(MAC_CSR_CMD) = CSR_BUSY | index;
    while ((LAN_REG(MAC_CSR_CMD) & CSR_BUSY) != 0u) {
    }
}

enum mps2_lan9118_status mps2_lan9118_init(struct mps2_lan9118 *eth, const uint8_t mac[6])
{
    memset(eth, 0, sizeof *eth);
    memcpy(eth->mac, mac, sizeof eth->mac);
    if (LAN_REG(BYTE_TEST) != BYTE_TEST_VALUE || (LAN_REG(ID_REV) >> 16) != ID_REV_CHIP_9118) {
        return MPS2_LAN9118_NOT_FOUND;
    }
    uint32_t polls = 0;
    while ((LAN_REG(PMT_CTRL) & PMT_CTRL_READY) == 0u) {
        if (++polls > READY_POLLS) {
            return MPS2_LAN9118_NOT_READY;
        }
    }
    /* Line first: until IRQ_CFG is written the interrupt is active-low, i.e.
     * asserted, so NVIC 13 is pending since reset. */
    LAN_REG(INT_EN) = 0;
    LAN_REG(IRQ_CFG) = IRQ_CFG_ENABLE_HIGH_PUSHPULL;
    LAN_REG(INT_STS) = 0xFFFFFFFFu;
    LAN_REG(RX_CFG) = RX_CFG_RX_DUMP | RX_CFG_RXDOFF_PAD;
    LAN_REG(TX_CFG) = TX_CFG_STATUS_DUMP | TX_CFG_TX_ON;
    LAN_REG(FIFO_INT) = 0; /* interrupt as soon as one RX status waits */

    mac_csr_write(MAC_ADDRL, (uint32_t)mac[0] | ((uint32_t)mac[1] << 8) | ((uint32_t)mac[2] << 16)
                                 | ((uint32_t)mac[3] << 24));
    mac_csr_write(MAC_ADDRH, (uint32_t)mac[4] | ((uint32_t)mac[5] << 8));
    /* Own address + broadcast (the BCAST "disable" bit stays 0); not promiscuous. */
    mac_csr_write(MAC_CR, MAC_CR_TXEN | MAC_CR_RXEN | MAC_CR_FDPX);

    lan0 = eth;
    mps2_nvic_clear_pending(MPS2_IRQ_LAN9118);
    LAN_REG(INT_EN) = INT_RSFL;
    mps2_nvic_enable(MPS2_IRQ_LAN9118);
    eth->rx_pending = true; /* a frame may have arrived before the interrupt was on */
    return MPS2_LAN9118_OK;
}

void mps2_lan9118_isr(void)
{
    /* Acknowledge (the line is level-triggered) and leave the work to the main
     * loop: with NO_SYS lwIP must not run in interrupt context. */
    LAN_REG(INT_STS) = INT_RSFL;
    if (lan0 != NULL) {
        lan0->rx_pending = true;
    }
}

uint32_t mps2_lan9118_rx_waiting(void)
{
    return FIFO_INF_USED(LAN_REG(RX_FIFO_INF));
}

int32_t mps2_lan9118_rx_begin(struct mps2_lan9118 *eth)
{
    if (mps2_lan9118_rx_waiting() == 0u) {
        return 0;
    }
    uint32_t status = LAN_REG(RX_STATUS);
    uint32_t length = RX_STS_LENGTH(status);
    /* The data FIFO holds pad + frame + CRC, rounded up to whole words. */
    eth->rx_words_left = (MPS2_LAN9118_PAD + length + 3u) / 4u;
    eth->rx_word_bytes = 0;
    if ((status & RX_STS_ERROR) != 0u || length <= CRC_BYTES) {
        eth->rx_bytes_left = 0;
        mps2_lan9118_rx_end(eth, false);
        eth->stats.rx_errors++;
        return -1;
    }
    eth->rx_bytes_left = MPS2_LAN9118_PAD + length - CRC_BYTES;
    return (int32_t)(length - CRC_BYTES);
}

void mps2_lan9118_rx_read(struct mps2_lan9118 *eth, void *dst, uint32_t len)
{
    uint8_t *out = dst;
    if (len > eth->rx_bytes_left) {
        len = eth->rx_bytes_left; /* never read into the next frame */
    }
    eth->rx_bytes_left -= len;
    while (len > 0u) {
        if (eth->rx_word_bytes == 0u) {
            eth->rx_word = LAN_REG(RX_DATA); /* little-endian byte order */
            eth->rx_word_bytes = 4u;
            eth->rx_words_left--;
        }
        uint32_t n = eth->rx_word_bytes < len ? eth->rx_word_bytes : len;
        for (uint32_t i = 0; i < n; i++) {
            out[i] = (uint8_t)eth->rx_word;
            eth->rx_word >>= 8;
        }
        eth->rx_word_bytes = (uint8_t)(eth->rx_word_bytes - n);
        out += n;
        len -= n;
    }
}

void mps2_lan9118_rx_end(struct mps2_lan9118 *eth, bool discarded)
{
    while (eth->rx_words_left > 0u) {
        (void)LAN_REG(RX_DATA);
        eth->rx_words_left--;
    }
    eth->rx_word_bytes = 0;
    eth->rx_bytes_left = 0;
    if (discarded) {
        eth->stats.rx_discarded++;
    } else {
        eth->stats.rx_frames++;
    }
}

bool mps2_lan9118_tx_begin(struct mps2_lan9118 *eth, uint32_t frame_len)
{
    uint32_t words = (MPS2_LAN9118_PAD + frame_len + 3u) / 4u;
    if (frame_len == 0u || frame_len > MPS2_LAN9118_MAX_FRAME
        || TX_FIFO_FREE(LAN_REG(TX_FIFO_INF)) < 4u * (words + 2u)) {
        eth->stats.tx_errors++;
        return false;
    }
    /* Keep the TX status FIFO empty; note failures it reports. */
    while (FIFO_INF_USED(LAN_REG(TX_FIFO_INF)) > 0u) {
        if ((LAN_REG(TX_STATUS) & TX_STS_ERROR) != 0u) {
            eth->stats.tx_errors++;
        }
    }
    /* Buffer size excludes the data start offset: the chip skips the pad. */
    LAN_REG(TX_DATA) = TX_CMD_A_FIRST | TX_CMD_A_LAST | TX_CMD_A_OFFSET(MPS2_LAN9118_PAD) | frame_len;
    LAN_REG(TX_DATA) = (frame_len << 16) | frame_len; /* tag = length, packet length */
    eth->tx_word = 0;
    eth->tx_word_bytes = 0;
    eth->tx_bytes_left = MPS2_LAN9118_PAD + frame_len;
    return true;
}

void mps2_lan9118_tx_write(struct mps2_lan9118 *eth, const void *src, uint32_t len)
{
    const uint8_t *in = src;
    if (len > eth->tx_bytes_left) {
        len = eth->tx_bytes_left;
    }
    eth->tx_bytes_left -= len;
    for (uint32_t i = 0; i < len; i++) {
        eth->tx_word |= (uint32_t)in[i] << (8u * eth->tx_word_bytes);
        if (++eth->tx_word_bytes == 4u) {
            LAN_REG(TX_DATA) = eth->tx_word;
            eth->tx_word = 0;
            eth->tx_word_bytes = 0;
        }
    }
}

void mps2_lan9118_tx_end(struct mps2_lan9118 *eth)
{
    /* Pad a short write with zeros so the chip always gets the announced length. */
    while (eth->tx_bytes_left > 0u) {
        static const uint8_t zero = 0;
        mps2_lan9118_tx_write(eth, &zero, 1u);
    }
    if (eth->tx_word_bytes > 0u) {
        LAN_REG(TX_DATA) = eth->tx_word;
        eth->tx_word = 0;
        eth->tx_word_bytes = 0;
    }
    eth->stats.tx_frames++;
}
