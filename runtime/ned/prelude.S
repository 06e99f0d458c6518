/* SPDX-License-Identifier: BSD-2-Clause */
/* ned's Lua prelude (prelude/loader.lua), built in: loader.c runs it when L4 opens. */
	.section .rodata
	.global ned_prelude_loader
	.global ned_prelude_loader_end
ned_prelude_loader:
	.incbin "runtime/ned/prelude/loader.lua"
ned_prelude_loader_end:
	.byte 0
