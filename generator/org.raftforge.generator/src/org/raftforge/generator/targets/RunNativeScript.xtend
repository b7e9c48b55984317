package org.raftforge.generator.targets

import org.raftforge.generator.plan.VariantPlan

import static org.raftforge.generator.templates.CText.*

/**
 * run-native.sh: starts the variant's native processes by hand (plain POSIX sh, no launcher), forwards what the user
 * types to the nodes' control channels (one FIFO per process) and prints their replies and events.
 */
class RunNativeScript {

	def CharSequence content(VariantPlan plan) '''
		#!/bin/sh
		# run-native.sh — starts cluster «plan.clusterName», variant «plan.variantName», on this host by hand.
		#
		# «generatedFrom(plan)»
		#
		#   ./run-native.sh [RUN_DIR]      RUN_DIR: node files and control FIFOs (default: ./run)
		#
		# Builds the node program (make native), starts «IF plan.allNodesInOneProcess»the process that runs all «plan.nodeCount» nodes«ELSE»one process per node«ENDIF», then
		# reads requests from this terminal, one per line, as "ID REQUEST", e.g.
		#     «Integer.toUnsignedString(plan.nodes.head.id)» s1 status
		#     «Integer.toUnsignedString(plan.nodes.head.id)» p1 put 0 0 color blue
		# (runtime/docs/control-protocol.md), and prints every reply and event as
		# "[node] LINE". End of input (Ctrl-D) or Ctrl-C sends `shutdown` to every node
		# and waits for them. `./raftforge launch` does all this, and checks the outcome.
		set -eu

		here=$(cd "$(dirname "$0")" && pwd)
		run=${1:-$here/run}
		mkdir -p "$run"
		run=$(cd "$run" && pwd)
		program="$here/«NativeTargetSupport.PROGRAM»"
		make -C "$here" --no-print-directory native >&2

		holders=""
		# start NAME ARGS...: runs the program in $run with its stdin on the FIFO $run/NAME.in;
		# a sleeping holder keeps the FIFO open, so the node sees end of input only at the end.
		start() {
		    name=$1
		    shift
		    rm -f "$run/$name.in"
		    mkfifo "$run/$name.in"
		    (cd "$run" && exec "$program" "$@") <"$run/$name.in" | while IFS= read -r line; do
		        printf '[%s] %s\n' "$name" "$line"
		    done &
		    sleep 2147483647 1<>"$run/$name.in" &
		    holders="$holders $!"
		}

		«IF plan.allNodesInOneProcess»
		ids="«FOR node : plan.nodes SEPARATOR " "»«Integer.toUnsignedString(node.id)»«ENDFOR»"
		# send ID LINE: all nodes share one process; the prefix names the node
		send() {
		    case " $ids " in *" $1 "*) ;; *) return 1 ;; esac
		    printf '@%s %s\n' "$1" "$2" 1<>"$run/«plan.clusterName».in"
		}
		start «plan.clusterName»
		«ELSE»
		ids="«FOR node : plan.nodes SEPARATOR " "»«Integer.toUnsignedString(node.id)»«ENDFOR»"
		# send ID LINE: to the process of node ID
		send() {
		    case " $ids " in *" $1 "*) ;; *) return 1 ;; esac
		    printf '%s\n' "$2" 1<>"$run/node-$1.in"
		}
		«FOR node : plan.nodes»
		start node-«Integer.toUnsignedString(node.id)» --node «Integer.toUnsignedString(node.id)»
		«ENDFOR»
		«ENDIF»

		stop() {
		    trap - INT TERM
		    for id in $ids; do
		        send "$id" "stop shutdown" || true
		    done
		    sleep 1
		    # shellcheck disable=SC2086
		    kill $holders 2>/dev/null || true
		    wait
		    rm -f "$run"/*.in
		}
		trap 'stop; exit 130' INT TERM

		echo "run-native.sh: nodes $ids of «plan.qualifiedName» started in $run; type \"ID REQUEST\" lines, Ctrl-D to stop" >&2
		while read -r id request; do
		    [ -n "$id" ] || continue
		    send "$id" "$request" || echo "run-native.sh: no node $id (nodes: $ids)" >&2
		done
		stop
	'''
}
