/* arch/cc.h — lwIP's compiler/platform hooks for the mps2 port. */
#ifndef RAFTFORGE_LWIP_ARCH_CC_H
#define RAFTFORGE_LWIP_ARCH_CC_H

/* No printf on the node: diagnostics are compiled out. */
#define LWIP_PLATFORM_DIAG(x) do { } while (0)

/* An lwIP assertion is a bug: report it on the semihosting console and stop
 * QEMU with a failure status instead of running on with corrupt state. */
void mps2_net_assert_failed(const char *message, const char *file, int line);
#define LWIP_PLATFORM_ASSERT(x) mps2_net_assert_failed((x), __FILE__, __LINE__)

/* Cortex-M4 is little-endian; lwIP's own htons/htonl are fine. */
#ifndef BYTE_ORDER
#define BYTE_ORDER LITTLE_ENDIAN
#endif

#endif /* RAFTFORGE_LWIP_ARCH_CC_H */
