/* SPDX-License-Identifier: BSD-2-Clause */
/* Empty on purpose: libfdt includes <stdlib.h> but the kernel needs nothing from it. */
#pragma once

#include <stddef.h>
