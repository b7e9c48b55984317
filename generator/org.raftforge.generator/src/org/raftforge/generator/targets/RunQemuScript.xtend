package org.raftforge.generator.targets

import java.util.List
import org.raftforge.generator.plan.VariantPlan

import static org.raftforge.generator.templates.CText.*

/**
 * run-qemu.sh: starts the variant on QEMU by hand (plain POSIX sh, no launcher): the Ethernet hub for UDP variants,
 * one QEMU per node (or one for a channel image) with UART0 on a pair of FIFOs, forwards what the user types to the
 * nodes and prints their replies and events.
 */
class RunQemuScript {

	public static val PATH = "run-qemu.sh"

	def CharSequence content(VariantPlan plan) {
		val image = plan.firmware.allNodesInOneImage
		'''
		#!/bin/sh
		# run-qemu.sh — starts cluster «plan.clusterName», variant «plan.variantName», on QEMU «plan.board.machine» by hand.
		#
		# «generatedFrom(plan)»
		#
		#   ./run-qemu.sh [RUN_DIR]      RUN_DIR: node files, logs, sockets (default: ./run-qemu;
		#                                keep it short: unix socket paths end at 107 bytes)
		#
		# Builds the firmware (make firmware), starts «IF image»one QEMU running all «plan.nodeCount» nodes«ELSE»the Ethernet hub and one QEMU per node«ENDIF»,
		# then reads requests from this terminal, one per line, as "ID REQUEST", e.g.
		#     «Integer.toUnsignedString(plan.nodes.head.id)» s1 status
		#     «Integer.toUnsignedString(plan.nodes.head.id)» p1 put 0 0 color blue
		# (runtime/docs/control-protocol.md)«IF !image», or "hub COMMAND" for the hub (e.g. "hub isolate 1",
		# "hub heal", "hub stats"; runtime/tools/ethhub/README.md)«ENDIF», and prints every reply
		# and event as "[name] LINE". End of input (Ctrl-D) or Ctrl-C sends `shutdown` to
		# every node and waits for QEMU to exit. Each QEMU's UART0 is a pair of FIFOs
		# here (NAME.in, NAME.out); `./raftforge launch --target qemu` uses a unix
		# socket instead (launch.json) and checks the outcome. Semihosting output of
		# a node (start-up, faults, figures) is in RUN_DIR/NAME.semihost.log.
		set -eu

		here=$(cd "$(dirname "$0")" && pwd)
		run=${1:-$here/run-qemu}
		mkdir -p "$run"«IF plan.firmware.storageDirectory.length > 0» "$run/«plan.firmware.storageDirectory»"«ENDIF»
		run=$(cd "$run" && pwd)
		out=$here
		make -C "$here" --no-print-directory firmware >&2

		pids=""
		# reader NAME: prints what NAME's QEMU writes on its UART, line by line
		reader() {
		    while IFS= read -r line; do
		        printf '[%s] %s\n' "$1" "$line"
		    done <"$run/$1.out" &
		    pids="$pids $!"
		}
		# start NAME ARGS...: one QEMU in $run (semihosting files are relative to it); returns
		# once the firmware has written its start-up line (its UART takes input from then on)
		start() {
		    name=$1
		    shift
		    rm -f "$run/$name.in" "$run/$name.out" "$run/$name.semihost.log"
		    mkfifo "$run/$name.in" "$run/$name.out"
		    (cd "$run" && exec "$@" >"$run/$name.qemu.log" 2>&1) &
		    pids="$pids $!"
		    reader "$name"
		    tries=0
		    until [ -s "$run/$name.semihost.log" ]; do
		        tries=$((tries + 1))
		        if [ "$tries" -gt 100 ]; then
		            echo "run-qemu.sh: $name did not start: $(cat "$run/$name.qemu.log")" >&2
		            break
		        fi
		        sleep 0.05
		    done
		}
		«IF !image»

		# The Ethernet segment: a hub process reading commands from a FIFO.
		rm -f "$run/hub.in"
		mkfifo "$run/hub.in"
		«argvLine(QemuCommandLine.hubArgv(plan))» <"$run/hub.in" >"$run/hub.log" 2>&1 &
		pids="$pids $!"
		exec 3<>"$run/hub.in"
		tries=0
		until grep -q '^ready' "$run/hub.log" 2>/dev/null; do
		    tries=$((tries + 1))
		    if [ "$tries" -gt 50 ]; then
		        echo "run-qemu.sh: the hub did not start: $(cat "$run/hub.log")" >&2
		        exit 1
		    fi
		    sleep 0.1
		done
		«ENDIF»

		«IF image»
		ids="«FOR node : plan.nodes SEPARATOR " "»«Integer.toUnsignedString(node.id)»«ENDFOR»"
		start «plan.clusterName» \
		    «argvLines(QemuCommandLine.argv(plan, null, 0, QemuCommandLine.Uart.PIPE))»
		exec 4<>"$run/«plan.clusterName».in"
		# send ID LINE: all nodes share one QEMU; the prefix names the node
		send() {
		    case " $ids " in *" $1 "*) ;; *) return 1 ;; esac
		    printf '@%s %s\n' "$1" "$2" >&4
		}
		«ELSE»
		ids="«FOR node : plan.nodes SEPARATOR " "»«Integer.toUnsignedString(node.id)»«ENDFOR»"
		«FOR node : plan.nodes»
		rm -f «dq(QemuCommandLine.ethernetSocket(plan.nodes.indexOf(node)))»
		start node-«Integer.toUnsignedString(node.id)» \
		    «argvLines(QemuCommandLine.argv(plan, node, plan.nodes.indexOf(node), QemuCommandLine.Uart.PIPE))»
		«ENDFOR»
		# send ID LINE: to the UART of node ID
		send() {
		    case " $ids " in *" $1 "*) ;; *) return 1 ;; esac
		    printf '%s\n' "$2" 1<>"$run/node-$1.in"
		}
		«ENDIF»

		stop() {
		    trap - INT TERM
		    for id in $ids; do
		        send "$id" "stop shutdown" || true
		    done
		    sleep 1
		    # shellcheck disable=SC2086
		    kill $pids 2>/dev/null || true
		    wait
		}
		trap 'stop; exit 130' INT TERM

		echo "run-qemu.sh: nodes $ids of «plan.qualifiedName» started in $run; type \"ID REQUEST\" lines«IF !image» or \"hub COMMAND\"«ENDIF», Ctrl-D to stop" >&2
		while read -r id request; do
		    [ -n "$id" ] || continue
		    «IF !image»
		    if [ "$id" = hub ]; then
		        printf '%s\n' "$request" >&3
		        sleep 0.2
		        tail -n 5 "$run/hub.log"
		        continue
		    fi
		    «ENDIF»
		    send "$id" "$request" || echo "run-qemu.sh: no node $id (nodes: $ids)" >&2
		done
		stop
		'''
	}

	/** The arguments, each double-quoted (their ${out}/${run} expand in sh), one per continued line. */
	def static String argvLines(List<String> argv) {
		argv.map[dq(it)].join(" \\\n    ")
	}

	def static String argvLine(List<String> argv) {
		argv.map[dq(it)].join(" ")
	}

	/** A double-quoted sh word; the generated arguments contain no ", \, ` and no $ but in ${out}/${run}. */
	def static String dq(String word) {
		'"' + word + '"'
	}
}
