/*
 * raft_crc32c.h — CRC-32C (Castagnoli, reflected polynomial 0x82F63B78).
 *
 * Protects every wire frame and every persisted record. Three table sizes,
 * chosen at compile time because flash is scarce on a Cortex-M4:
 *   default                 16-entry nibble table (64 bytes), two lookups per
 *                           byte: the board's choice;
 *   RAFT_CRC32C_BYTE_TABLE  256-entry byte table (1 KB), one lookup per byte;
 *   RAFT_CRC32C_SLICE_BY_8  eight byte tables (8 KB), eight lookups per 8 bytes,
 *                           portable C: for hosts (native builds), several
 *                           times the nibble table's speed.
 * All give identical results (check value of "123456789" is 0xE3069283).
 */
#ifndef RAFT_CRC32C_H
#define RAFT_CRC32C_H

#include <stddef.h>
#include <stdint.h>

/* CRC of `len` bytes. */
uint32_t raft_crc32c(const void *data, size_t len);

/* Continue a CRC: raft_crc32c_update(raft_crc32c(a, n), b, m) equals the CRC
 * of a followed by b. Start a fresh running CRC with crc = 0. */
uint32_t raft_crc32c_update(uint32_t crc, const void *data, size_t len);

#endif
