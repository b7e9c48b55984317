/* lwippools.h — lwIP's custom pools for the mps2 port (MEMP_USE_CUSTOM_POOLS).
 *
 * The "heap" behind mem_malloc (MEM_USE_POOLS): outgoing datagrams only, each
 * at most one largest frame, RAFTFORGE_NET_TX_QUEUE of them at once. Sizes come
 * from lwipopts.h; mps2_net.c checks that a block holds what pbuf_alloc asks. */
LWIP_MALLOC_MEMPOOL_START
LWIP_MALLOC_MEMPOOL(RAFTFORGE_NET_TX_QUEUE, RAFTFORGE_NET_TX_BLOCK_BYTES)
LWIP_MALLOC_MEMPOOL_END
