/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file wbg/units.h
 * @brief Units as people write them, converted to and from SI.
 *
 * Grammar (UTF-8 or ASCII):
 *
 *     unit      := product [ "/" product ]          everything after "/" is the denominator:
 *                                                   "J/mol·K" is J/(mol·K)
 *     product   := factor { sep factor }            sep: "·" "⋅" "*" "." or spaces
 *     factor    := "(" unit ")" [exp] | "1" | [prefix] symbol [exp]
 *     exp       := "^" int | superscript-int | int  "cm^-2", "cm⁻²", "cm-2"
 *
 * Prefixes: q r y z a f p n µ (also μ and u) m c d da h k M G T P E Z Y R Q.
 * Symbols: m g s A K mol cd Hz N Pa J W C V F Ω (also Ω, ohm, Ohm) S Wb T H
 * eV, min, h, d, y (Julian year, 365.25 d), %, ppm, dec (decade),
 * and the temperatures °C, ℃, degC. "min", "h", "d", "y", "%", "ppm", "dec"
 * and the Celsius spellings take no prefix.
 *
 * A Celsius unit on its own ("°C", "degC") is a temperature: 25 °C is
 * 298.15 K. Inside a compound unit ("°C/W", "mV/°C") it is a temperature
 * difference, equal to the kelvin.
 *
 * Every function here is pure (no state besides the optional context used
 * for error detail) and safe to call from any thread with distinct contexts.
 */
#ifndef WBG_UNITS_H
#define WBG_UNITS_H

#include <stdbool.h>
#include <stddef.h>

#include "wbg/common.h"
#include "wbg/context.h"

#ifdef __cplusplus
extern "C" {
#endif

/** SI base dimensions, in the order of wbg_unit.dim. */
enum {
	WBG_DIM_LENGTH = 0, /**< m */
	WBG_DIM_MASS,       /**< kg */
	WBG_DIM_TIME,       /**< s */
	WBG_DIM_CURRENT,    /**< A */
	WBG_DIM_TEMPERATURE,/**< K */
	WBG_DIM_AMOUNT,     /**< mol */
	WBG_DIM_LUMINOUS,   /**< cd */
	WBG_DIM_COUNT
};

/** A parsed unit: value_si = value * scale + offset. */
typedef struct wbg_unit {
	double scale;                     /**< mant * 10^exp10, for convenience */
	double offset;                    /**< non-zero only for a lone Celsius unit */
	double mant;                      /**< scale without its power of ten ... */
	int exp10;                        /**< ... kept apart so that conversions by
	                                       powers of ten are correctly rounded */
	signed char dim[WBG_DIM_COUNT];   /**< exponents of the SI base units */
} wbg_unit;

/** Formatting flags. */
enum {
	WBG_UNIT_ASCII = 1u << 0, /**< write "u" and "ohm" and "^-2" instead of µ, Ω, ⁻² */
};

/** Longest unit text accepted by the parser, in bytes. */
#define WBG_UNIT_MAX_LEN 64

/**
 * Parse a unit.
 * @param[out] out the unit; written only on WBG_OK.
 * @param text NUL-terminated unit text. "" is dimensionless with scale 1.
 * @param ctx optional; receives the error detail naming the offending part.
 * @return WBG_OK, WBG_ERR_INVALID_ARG (NULL out or text), WBG_ERR_UNIT
 *         (unknown symbol, bad prefix, bad exponent, syntax, too long).
 */
WBG_API int wbg_unit_parse(wbg_unit *out, const char *text, wbg_ctx *ctx);

/** True when @p a and @p b have the same dimension (both may be converted into each other). */
WBG_API bool wbg_unit_same_dim(const wbg_unit *a, const wbg_unit *b);

/**
 * Convert @p value given in @p unit into SI.
 * @return WBG_OK, WBG_ERR_INVALID_ARG, WBG_ERR_UNIT.
 */
WBG_API int wbg_unit_to_si(double *out, double value, const char *unit, wbg_ctx *ctx);

/**
 * Convert an SI value into @p unit.
 * @return WBG_OK, WBG_ERR_INVALID_ARG, WBG_ERR_UNIT.
 */
WBG_API int wbg_unit_from_si(double *out, double value_si, const char *unit, wbg_ctx *ctx);

/**
 * Convert between two units of the same dimension.
 * @return WBG_OK, WBG_ERR_INVALID_ARG, WBG_ERR_UNIT (unknown unit, or the
 *         dimensions differ: the detail names both dimensions).
 */
WBG_API int wbg_unit_convert(double *out, double value, const char *from, const char *to,
                             wbg_ctx *ctx);

/**
 * Parse a quantity such as "12.5 mV", "-3e-3A", "25 °C" or "10y" into SI.
 * The number is C-locale decimal ([+-]digits[.digits][e[+-]digits]); hex,
 * "inf" and "nan" are refused.
 * @param[out] out_si the value in SI units.
 * @param[out] out_unit optional; the parsed unit.
 * @param text the quantity.
 * @param expect optional unit text; when given, the quantity's unit must have
 *        the same dimension, and a bare number is taken in this unit.
 * @return WBG_OK, WBG_ERR_INVALID_ARG, WBG_ERR_PARSE (no or bad number),
 *         WBG_ERR_UNIT (bad unit or wrong dimension), WBG_ERR_RANGE (overflow).
 */
WBG_API int wbg_quantity_parse(double *out_si, wbg_unit *out_unit, const char *text,
                               const char *expect, wbg_ctx *ctx);

/**
 * Format an SI value in the given unit, e.g. (0.0123, "mV", 3) -> "12.3 mV".
 * @param buf receives a NUL-terminated string; @p len includes the NUL.
 * @param sig_digits significant digits, 1..17.
 * @param flags WBG_UNIT_ASCII or 0; with WBG_UNIT_ASCII the unit text is
 *        rewritten in ASCII spelling.
 * @return WBG_OK, WBG_ERR_INVALID_ARG, WBG_ERR_UNIT, WBG_ERR_OVERFLOW (buffer too small).
 */
WBG_API int wbg_unit_format(char *buf, size_t len, double value_si, const char *unit,
                            int sig_digits, unsigned flags, wbg_ctx *ctx);

/**
 * Format an SI value with an engineering prefix on @p symbol, chosen so that
 * the number lies in [1, 1000): (0.0123, "V", 3) -> "12.3 mV",
 * (4.7e-12, "F", 2) -> "4.7 pF". @p symbol must be a single prefixable symbol
 * without prefix or exponent (V, A, Ω, F, Hz, s, W, S, H, J, eV, m, g, ...);
 * other units are formatted as by wbg_unit_format without a prefix. Zero, and
 * values outside the prefixes' range, are written without prefix.
 * @return as wbg_unit_format.
 */
WBG_API int wbg_unit_format_eng(char *buf, size_t len, double value_si, const char *symbol,
                                int sig_digits, unsigned flags, wbg_ctx *ctx);

/**
 * Write the dimension of @p unit in SI base units, e.g. "m²·kg·s⁻³·A⁻¹" for
 * the volt, or "1" for a dimensionless unit.
 * @return WBG_OK, WBG_ERR_INVALID_ARG, WBG_ERR_OVERFLOW.
 */
WBG_API int wbg_unit_dim_format(char *buf, size_t len, const wbg_unit *unit, unsigned flags);

/**
 * Write the coherent SI unit of @p unit's dimension: the named unit when
 * there is one (V, A, Ω, F, Hz, W, J, C, S, Wb, T, H, N, Pa, m, kg, s, K,
 * mol, cd), "1" when dimensionless, else the product of base units as by
 * wbg_unit_dim_format(). The scale and offset of @p unit are ignored.
 * @return WBG_OK, WBG_ERR_INVALID_ARG, WBG_ERR_OVERFLOW.
 */
WBG_API int wbg_unit_si_name(char *buf, size_t len, const wbg_unit *unit, unsigned flags);

#ifdef __cplusplus
}
#endif

#endif
