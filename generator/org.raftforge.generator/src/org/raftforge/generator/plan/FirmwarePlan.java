package org.raftforge.generator.plan;

/**
 * What a QEMU variant's firmware is made of, beyond the runtime's capacities: the image's memory layout (the
 * linker script's parameters), the lwIP sizes (lwipopts.h) and the UART line length. Every number comes from the
 * model; each carries the reason the generated files print next to it.
 *
 * @param image            one image per node (UDP) or one image holding every node (channel)
 * @param flashBytes       MPS2_FLASH_SIZE: the target's flash
 * @param ramBytes         MPS2_RAM_SIZE: the model's memory budget, times the nodes of the image; the link fails when
 *                         stack, data and bss need more
 * @param ramReason        why the RAM region has that size
 * @param stackBytes       MPS2_STACK_SIZE: the model's stack (one main loop per image)
 * @param uartLineMax      MPS2_UART_LINE_MAX: the longest control line (RAFT_CONTROL_LINE_MAX)
 * @param storageDirectory the semihosting directory of the node files, relative to QEMU's working directory ("" for
 *                         that directory itself); "" for memory storage
 * @param network          lwIP's sizes (UDP), else null
 */
public record FirmwarePlan(Image image, long flashBytes, long ramBytes, String ramReason, long stackBytes,
		long uartLineMax, String storageDirectory, Network network) {

	public enum Image {
		/** UDP: one QEMU per node, the node id from the semihosting command line. */
		ONE_NODE,
		/** Channel: one QEMU running every node, control lines with "@id" prefixes. */
		ALL_NODES
	}

	/**
	 * lwipopts.h parameters (runtime/ports/mps2/lwip/lwipopts.h).
	 *
	 * @param maxDatagram      RAFTFORGE_NET_MAX_DATAGRAM: RAFT_MAX_FRAME_SIZE
	 * @param rxBufferBytes    RAFTFORGE_NET_RX_BUFFER_BYTES: the model's receive buffer (at least one whole frame
	 *                         with its Ethernet, IPv4 and UDP headers)
	 * @param rxBufferReason   why it has that size
	 * @param poolBufferBytes  RAFTFORGE_NET_POOL_BUFFER_BYTES: the receive buffer split into queue-depth pieces
	 * @param rxQueue          RAFTFORGE_NET_RX_QUEUE: the model's queue depth (datagrams held for the node)
	 * @param txQueue          RAFTFORGE_NET_TX_QUEUE: outgoing datagrams in lwIP's heap at once
	 * @param arpEntries       RAFTFORGE_NET_PEERS: one static ARP entry per other node
	 * @param subnet           the model's subnet (text)
	 * @param netmask          its mask as four bytes
	 */
	public record Network(long maxDatagram, long rxBufferBytes, String rxBufferReason, long poolBufferBytes,
			int rxQueue, int txQueue, int arpEntries, String subnet, int[] netmask) {
	}

	public boolean allNodesInOneImage() {
		return image == Image.ALL_NODES;
	}
}
