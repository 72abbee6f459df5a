/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Internal context accessors (not installed). The context carries one
 * optional attachment for the instruments area: the virtual bench that
 * SIM:: resources opened with this context share (instruments/vbench).
 * The context releases it with the given function when it is replaced or
 * the context is freed.
 */
#ifndef WBG_CORE_CONTEXT_INT_H
#define WBG_CORE_CONTEXT_INT_H

#include "wbg/context.h"

void *wbgi_ctx_vbench(const wbg_ctx *ctx);
void wbgi_ctx_set_vbench(wbg_ctx *ctx, void *bench, void (*release)(void *));

#endif
