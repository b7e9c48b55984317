/* Sizes of the caller-owned structs for `make footprint` (read from the
 * assembler output; nothing here runs). */
#include "raft/raft_core.h"
#include "raft/raft_server.h"

const unsigned long sizeof_raft_core = sizeof(struct raft_core);
const unsigned long of_which_log_slots = sizeof(((struct raft_core *)0)->log.slots);
const unsigned long of_which_log_arena = sizeof(((struct raft_core *)0)->log.arena);
const unsigned long of_which_outbox = sizeof(((struct raft_core *)0)->outbox);
const unsigned long sizeof_raft_kv = sizeof(struct raft_kv);
const unsigned long sizeof_raft_server = sizeof(struct raft_server);
const unsigned long sizeof_raft_file_storage = sizeof(struct raft_file_storage);
