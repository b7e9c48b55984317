/* mps2_lan9118.h — SMSC LAN9118 Ethernet controller (QEMU model), 32-bit mode.
 *
 * Frames are moved through the controller's FIFOs as byte streams so that the
 * caller can scatter/gather them into buffer chains (lwIP pbufs). Receive uses
 * RXDOFF = 2: every received frame starts with two pad bytes, which puts the IP
 * header on a 4-byte boundary and matches lwIP's ETH_PAD_SIZE = 2. Transmit
 * accepts the same two pad bytes in front (the chip skips them via the buffer
 * offset field), so a pbuf goes out without being shifted.
 *
 * The receive interrupt (NVIC 13, RX status FIFO level) only raises a flag;
 * frames are read from the FIFO by the main loop. */
#ifndef MPS2_LAN9118_H
#define MPS2_LAN9118_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MPS2_LAN9118_PAD 2u           /* bytes in front of each frame, both ways */
#define MPS2_LAN9118_MAX_FRAME 1514u  /* Ethernet header + 1500 bytes, no CRC */

struct mps2_lan9118_stats {
    uint32_t rx_frames;   /* frames handed to the caller */
    uint32_t rx_errors;   /* frames the controller flagged bad (discarded) */
    uint32_t rx_discarded; /* good frames the caller discarded (no buffer) */
    uint32_t tx_frames;
    uint32_t tx_errors;   /* frames refused: too long or no FIFO room */
};

struct mps2_lan9118 {
    uint8_t mac[6];
    volatile bool rx_pending;   /* set by the interrupt, cleared by the reader */
    /* current receive frame, as a word stream */
    uint32_t rx_words_left;     /* FIFO words still to pop for this frame */
    uint32_t rx_bytes_left;     /* pad + frame bytes the caller may still read */
    uint32_t rx_word;           /* partially consumed word */
    uint8_t rx_word_bytes;      /* unread bytes in rx_word */
    /* current transmit frame, as a word stream */
    uint32_t tx_word;
    uint8_t tx_word_bytes;
    uint32_t tx_bytes_left;
    struct mps2_lan9118_stats stats;
};

enum mps2_lan9118_status {
    MPS2_LAN9118_OK = 0,
    MPS2_LAN9118_NOT_FOUND = -1,  /* BYTE_TEST/ID_REV do not match a LAN9118 */
    MPS2_LAN9118_NOT_READY = -2   /* PMT_CTRL never reported READY */
};

/* A locally administered MAC derived from a node id: 02:00:00:00:HH:LL. */
void mps2_lan9118_mac_for_node(uint32_t node_id, uint8_t mac[6]);

/* Checks the chip, programs `mac` into the filter, enables RX and TX and the
 * receive interrupt. Does not soft-reset the chip: QEMU resets it with the
 * machine, and a soft reset would restart FREE_RUN (the board's clock). */
enum mps2_lan9118_status mps2_lan9118_init(struct mps2_lan9118 *eth, const uint8_t mac[6]);

/* Frames waiting in the receive FIFO. */
uint32_t mps2_lan9118_rx_waiting(void);

/* Starts reading the next frame: returns its length in bytes without pad and
 * CRC (> 0), 0 when no frame waits, or -1 when the controller reported a bad
 * frame (already discarded and counted). After a positive return the caller
 * reads MPS2_LAN9118_PAD + length bytes with rx_read, then calls rx_end. */
int32_t mps2_lan9118_rx_begin(struct mps2_lan9118 *eth);
/* Copies the next `len` bytes of the current frame (pad included) to dst. */
void mps2_lan9118_rx_read(struct mps2_lan9118 *eth, void *dst, uint32_t len);
/* Finishes the current frame, popping whatever was not read (CRC, or all of it
 * when `discarded`). */
void mps2_lan9118_rx_end(struct mps2_lan9118 *eth, bool discarded);

/* Starts a frame of `frame_len` bytes (without pad); returns false (and
 * counts a tx error) when it is too long or the FIFO lacks room. The caller
 * then writes MPS2_LAN9118_PAD + frame_len bytes with tx_write and calls tx_end. */
bool mps2_lan9118_tx_begin(struct mps2_lan9118 *eth, uint32_t frame_len);
void mps2_lan9118_tx_write(struct mps2_lan9118 *eth, const void *src, uint32_t len);
void mps2_lan9118_tx_end(struct mps2_lan9118 *eth);

/* The LAN9118 interrupt handler (placed in the vector table by the startup). */
void mps2_lan9118_isr(void);

#endif /* MPS2_LAN9118_H */
