/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A test-double SCPI instrument for the emulated USBTMC device: a handful of
 * commands with exactly known replies, an error queue and a status byte. */
#ifndef WBG_TESTS_INSTR_DOUBLE_H
#define WBG_TESTS_INSTR_DOUBLE_H

#include "usbtmc_emu.h"

/*
 * Commands (one per message, "\n"-terminated):
 *   *IDN?            -> "WBG,DOUBLE-1,<serial>,1.0"
 *   *STB?            -> the status byte in decimal
 *   *CLS             -> empties the error queue
 *   SYST:ERR?        -> the oldest error, or +0,"No error"
 *   BLOCK? N         -> #<n><N> then N bytes, byte i = (31*i + 7) mod 256, then "\n"
 *   TEXT? N          -> N letters 'a'+(i mod 26), then "\n"
 *   ARR? N           -> a REAL64 little-endian block of N values 0.5*i
 *   NEVER?           -> nothing at all
 *   PART?            -> "#41000" and 10 bytes, then nothing (a reply cut short)
 * Anything else queues -113,"Undefined header".
 * STB: bit 2 (0x04) error queue not empty, bit 4 (0x10) MAV (output pending).
 */
struct instr_double;

struct instr_double *instr_double_new(const char *serial);
void instr_double_free(struct instr_double *d);
struct emu_instrument *instr_double_iface(struct instr_double *d);

/* Expected byte i of a BLOCK? reply. */
static inline uint8_t instr_double_block_byte(size_t i)
{
	return (uint8_t)((31u * i + 7u) & 0xffu);
}

#endif
