package org.raftforge.generator.targets

import org.raftforge.generator.plan.VariantPlan

import static org.raftforge.generator.templates.CText.*

/**
 * lwipopts.h of a UDP variant on QEMU: the parameters of the port's reference configuration
 * (runtime/ports/mps2/lwip/lwipopts.h), each from the model, then that configuration itself.
 */
class LwipOptsTemplate {

	public static val PATH = "lwipopts.h"

	def CharSequence content(VariantPlan plan) {
		val net = plan.firmware.network
		'''
		/*
		 * lwipopts.h — lwIP's configuration for cluster «plan.clusterName», variant «plan.variantName».
		 *
		 * «generatedFrom(plan)»
		 *
		 * UDP only, no OS, no heap beyond these fixed pools. The port's reference
		 * configuration (included at the end) derives lwIP's own options from these;
		 * runtime/ports/mps2/README.md says what each costs in RAM.
		 */
		#ifndef RAFTFORGE_VARIANT_LWIPOPTS_H
		#define RAFTFORGE_VARIANT_LWIPOPTS_H

		/* Largest UDP payload: RAFT_MAX_FRAME_SIZE («plan.capacities.frameReason»). */
		#define RAFTFORGE_NET_MAX_DATAGRAM «net.maxDatagram»
		/* Received frames held at once: «net.rxBufferReason». */
		#define RAFTFORGE_NET_RX_BUFFER_BYTES «net.rxBufferBytes»
		/* ... in pieces of receive-buffer / queue-depth bytes: a small message (an
		 * acknowledgement, a heartbeat) takes one piece, a full frame a chain of them. */
		#define RAFTFORGE_NET_POOL_BUFFER_BYTES «net.poolBufferBytes»
		/* Datagrams queued for the node between two turns of its loop: queue-depth. */
		#define RAFTFORGE_NET_RX_QUEUE «net.rxQueue»
		/* Outgoing datagrams in lwIP at once: each goes to the controller when sent. */
		#define RAFTFORGE_NET_TX_QUEUE «net.txQueue»
		/* Neighbour table: one entry per other node («plan.nodeCount» nodes). */
		#define RAFTFORGE_NET_PEERS «net.arpEntries»
		/* No ARP: every node's MAC is in the model, and nobody else talks to a node over UDP. */
		#define RAFTFORGE_NET_ARP 0
		/* One UDP endpoint: the node's port. */
		#define RAFTFORGE_NET_UDP_PCBS 1
		/* lwIP's internal assertions are compiled out (2.1 KB of flash with their texts); the
		 * port's bring-up checks run with them on. */
		#define RAFTFORGE_NET_ASSERTS 0

		#include "runtime/ports/mps2/lwip/lwipopts.h"

		#endif
		'''
	}
}
