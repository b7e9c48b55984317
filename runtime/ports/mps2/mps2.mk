# mps2.mk — build fragment for firmware on QEMU mps2-an386 (Cortex-M4F).
# Included by this port's Makefile and by generated variant Makefiles:
#
#   MPS2_FLASH_SIZE := 40K        # the model's budgets (required)
#   MPS2_RAM_SIZE   := 48K
#   MPS2_STACK_SIZE := 4K
#   include $(RUNTIME)/ports/mps2/mps2.mk
#
# It defines compiler flags, source lists and a rule that renders the linker
# script; the including Makefile owns its objects and the final link:
#   MPS2_CC MPS2_SIZE  MPS2_CFLAGS MPS2_LDFLAGS  MPS2_PLATFORM_SRCS MPS2_NET_SRCS
#   MPS2_PLATFORM_OPS_SRC MPS2_SH_FILES_SRC MPS2_UDP_TRANSPORT_SRC MPS2_CONSOLE_SRCS
#   LWIP_SRCS LWIP_INCLUDES  $(MPS2_BUILD)/mps2_an386.ld (MPS2_LDSCRIPT)
# except lwIP's objects, which it builds itself: link $(LWIP_OBJS).
# lwIP comes from scripts/fetch-lwip.sh (Debian source package, not committed).

MPS2_DIR := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
MPS2_RUNTIME_DIR ?= $(abspath $(MPS2_DIR)/../..)
LWIP_DIR ?= $(MPS2_RUNTIME_DIR)/third_party/lwip
MPS2_BUILD ?= build

MPS2_CROSS ?= arm-none-eabi-
# Extra flags for every object (lwIP too), e.g. the model's -DRAFTFORGE_NET_RX_QUEUE=6.
MPS2_EXTRA_CFLAGS ?=
MPS2_CC := $(MPS2_CROSS)gcc
MPS2_SIZE := $(MPS2_CROSS)size
MPS2_OBJCOPY := $(MPS2_CROSS)objcopy

MPS2_CPU_FLAGS := -mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16
# Link-time optimisation over every object, lwIP's too: the seed node is 4.6 KB
# smaller (calls across files inline, unused paths fold away). One partition: the
# whole image is optimised as one unit (smallest code, no parallel-LTRANS warning).
MPS2_LTO_FLAGS ?= -flto -flto-partition=one
MPS2_WARNINGS := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
# -fno-tree-loop-distribute-patterns: a loop is never turned into a memcpy/memset
# call, which in the firmware are mps2_libc.c's own loops (it would recurse).
MPS2_CFLAGS := $(MPS2_CPU_FLAGS) -std=c11 -Os -g -ffunction-sections -fdata-sections $(MPS2_LTO_FLAGS) \
  -ffreestanding -fno-common -fno-tree-loop-distribute-patterns $(MPS2_WARNINGS) --specs=nano.specs \
  -I$(MPS2_DIR)/include -I$(MPS2_RUNTIME_DIR)/include $(MPS2_EXTRA_CFLAGS)
# No nosys.specs and no _sbrk: anything that needs malloc or file I/O from
# newlib fails to link instead of quietly growing a heap.
MPS2_LDFLAGS := $(MPS2_CPU_FLAGS) -Os $(MPS2_LTO_FLAGS) -nostartfiles --specs=nano.specs -Wl,--gc-sections \
  -Wl,--print-memory-usage -Wl,--no-warn-rwx-segments

# mps2_string.c + mps2_libc.c: small memcpy/memmove/memset/memcmp/strlen instead of
# newlib-nano's speed-tuned ones (1.1 KB of flash less).
MPS2_PLATFORM_SRCS := $(addprefix $(MPS2_DIR)/src/,mps2_startup.c mps2_clock.c mps2_uart.c \
  mps2_semihost.c mps2_cmdline.c mps2_string.c mps2_libc.c)
MPS2_NET_SRCS := $(addprefix $(MPS2_DIR)/src/,mps2_lan9118.c mps2_net.c)
# Implementations of the runtime's interfaces (raft_platform.h, raft_storage.h
# file ops, raft_transport.h): a variant compiles the ones it uses.
MPS2_PLATFORM_OPS_SRC := $(MPS2_DIR)/src/mps2_platform.c
MPS2_SH_FILES_SRC := $(MPS2_DIR)/src/mps2_semihost_files.c
MPS2_UDP_TRANSPORT_SRC := $(MPS2_DIR)/src/mps2_udp_transport.c
MPS2_INTERFACE_SRCS := $(MPS2_PLATFORM_OPS_SRC) $(MPS2_SH_FILES_SRC) $(MPS2_UDP_TRANSPORT_SRC)
# What a generated firmware main serves its control console with: request lines
# from UART0 to the server(s), and the node-side commit latency probe. They use
# raft_control.h, so the runtime's sources must be compiled too.
MPS2_CONSOLE_SRCS := $(MPS2_DIR)/src/mps2_console.c $(MPS2_DIR)/src/mps2_commit_probe.c

# The lwIP subset a UDP-only NO_SYS node needs (no ICMP, TCP, IPv6, DHCP...).
LWIP_SRCS := $(addprefix $(LWIP_DIR)/src/core/,init.c def.c inet_chksum.c ip.c mem.c memp.c \
  netif.c pbuf.c udp.c timeouts.c) \
  $(addprefix $(LWIP_DIR)/src/core/ipv4/,etharp.c ip4.c ip4_addr.c) \
  $(LWIP_DIR)/src/netif/ethernet.c
# The model's lwipopts.h may come first (generated); the port's reference one is the fallback.
LWIP_OPTS_DIR ?= $(MPS2_DIR)/lwip
LWIP_INCLUDES := -I$(LWIP_OPTS_DIR) -I$(MPS2_DIR)/lwip -I$(LWIP_DIR)/src/include
# lwIP is third-party: same flags, minus the prototype checks its sources do not follow.
# __FILE__ in lwIP assertions: short relative names, not absolute build paths.
LWIP_CFLAGS := $(filter-out -Wmissing-prototypes -Wstrict-prototypes -Wshadow,$(MPS2_CFLAGS)) $(LWIP_INCLUDES) \
  -fmacro-prefix-map=$(LWIP_DIR)/src/=lwip/

MPS2_LDSCRIPT := $(MPS2_BUILD)/mps2_an386.ld
MPS2_FLASH_ORIGIN ?= 0x00000000
MPS2_RAM_ORIGIN ?= 0x20000000

$(MPS2_LDSCRIPT): $(MPS2_DIR)/ld/mps2_an386.ld.in
	@mkdir -p $(dir $@)
	@test -n "$(MPS2_FLASH_SIZE)" -a -n "$(MPS2_RAM_SIZE)" -a -n "$(MPS2_STACK_SIZE)" || \
	  { echo "mps2.mk: set MPS2_FLASH_SIZE, MPS2_RAM_SIZE and MPS2_STACK_SIZE (e.g. 40K 48K 4K) before including mps2.mk" >&2; exit 1; }
	$(MPS2_CC) -E -P -undef -x c -DMPS2_FLASH_ORIGIN=$(MPS2_FLASH_ORIGIN) -DMPS2_FLASH_SIZE=$(MPS2_FLASH_SIZE) \
	  -DMPS2_RAM_ORIGIN=$(MPS2_RAM_ORIGIN) -DMPS2_RAM_SIZE=$(MPS2_RAM_SIZE) \
	  -DMPS2_STACK_SIZE=$(MPS2_STACK_SIZE) $< -o $@

# Order-only prerequisite of every lwIP-dependent object: fetch lwIP once.
# A generated tree that does not sit in the repository sets LWIP_FETCH (or LWIP_DIR).
LWIP_STAMP := $(LWIP_DIR)/.raftforge-lwip-version
LWIP_FETCH ?= $(MPS2_RUNTIME_DIR)/../scripts/fetch-lwip.sh
$(LWIP_STAMP):
	@test -x "$(LWIP_FETCH)" || { echo "mps2.mk: lwIP is missing in $(LWIP_DIR) and $(LWIP_FETCH) does not exist; set LWIP_DIR to an unpacked lwIP 2.1.3 or LWIP_FETCH to scripts/fetch-lwip.sh" >&2; exit 1; }
	$(LWIP_FETCH) $(LWIP_DIR)

# lwIP objects, one explicit rule each: lwIP may not be fetched yet when make
# reads this, so its sources cannot be found by vpath/pattern search.
LWIP_OBJS := $(patsubst %.c,$(MPS2_BUILD)/obj/lwip/%.o,$(notdir $(LWIP_SRCS)))
$(LWIP_SRCS): | $(LWIP_STAMP)
define MPS2_LWIP_OBJECT_RULE
$(MPS2_BUILD)/obj/lwip/$(notdir $(1:.c=.o)): $(1) | $(LWIP_STAMP)
	@mkdir -p $$(dir $$@)
	$$(MPS2_CC) $$(LWIP_CFLAGS) -MMD -c $$< -o $$@
endef
$(foreach src,$(LWIP_SRCS),$(eval $(call MPS2_LWIP_OBJECT_RULE,$(src))))
