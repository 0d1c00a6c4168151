// SPDX-License-Identifier: LGPL-2.1
/*
 * Human units: the one format of durations, time stamps, rates,
 * percentages and ratios that every command and view prints. Machine
 * formats (CSV, JSON) carry the integers instead.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <smccctrace/call.h>
#include <smccctrace/output.h>
#include <smccctrace/stats.h>

static uint64_t pow10_u64(unsigned int e)
{
	uint64_t v = 1;

	while (e--)
		v *= 10;
	return v;
}

static unsigned int ndigits(uint64_t v)
{
	unsigned int n = 1;

	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

/* @v rounded half up to a multiple of @unit (a power of ten) */
static uint64_t round_to(uint64_t v, uint64_t unit)
{
	uint64_t r = v % unit;

	if (unit == 1 || r < unit - unit / 2)
		return v - r;
	if (v - r > UINT64_MAX - unit)
		return v - r;
	return v - r + unit;
}

/*
 * @v in units that step by 1000 (@units[0] is the smallest), three
 * significant digits, rounded half up; past the last unit, whole numbers
 * of it. The smallest unit never has decimals.
 */
static const char *sig3(uint64_t v, const char *const *units, unsigned int nunits,
			char *buf, size_t size)
{
	unsigned int digits, u, decimals, top = 3 * (nunits - 1);
	uint64_t r, scale;

	digits = ndigits(v);
	r = digits > 3 ? round_to(v, pow10_u64(digits - 3 > top ? top : digits - 3)) : v;
	digits = ndigits(r);
	u = (digits - 1) / 3;
	if (u > nunits - 1)
		u = nunits - 1;
	scale = pow10_u64(3 * u);
	decimals = !u || digits - 3 * u >= 3 ? 0 : 3 - (digits - 3 * u);
	if (!decimals)
		snprintf(buf, size, "%" PRIu64 "%s", r / scale, units[u]);
	else
		snprintf(buf, size, "%" PRIu64 ".%0*" PRIu64 "%s", r / scale,
			 (int)decimals, r % scale / pow10_u64(3 * u - decimals),
			 units[u]);
	return buf;
}

/**
 * sct_format_ns - a duration in human units, three significant digits
 * @ns: nanoseconds; SCT_NO_TIME (no value) writes "-"
 * @buf: where the text goes
 * @size: size of @buf; SCT_NS_BUFSZ always suffices
 *
 * Writes "850ns", "1.00us", "12.3us", "4.56ms", "100ms", "1.50s" or, from
 * 1000 s on, whole seconds ("1234s"). Values are rounded half up. The one
 * format of a duration in every table and view. Returns @buf, which the
 * caller owns.
 */
const char *sct_format_ns(uint64_t ns, char *buf, size_t size)
{
	static const char *const units[] = { "ns", "us", "ms", "s" };

	if (ns == SCT_NO_TIME) {
		snprintf(buf, size, "-");
		return buf;
	}
	return sig3(ns, units, 4, buf, size);
}

/**
 * sct_format_ns_signed - a change of duration: sct_format_ns() with a sign
 * @ns: nanoseconds, negative for less time
 * @buf: where the text goes
 * @size: size of @buf; SCT_NS_BUFSZ always suffices
 *
 * Writes "+1.23ms", "-850ns", or "0ns" for no change. Returns @buf,
 * which the caller owns.
 */
const char *sct_format_ns_signed(int64_t ns, char *buf, size_t size)
{
	uint64_t mag = ns < 0 ? -(uint64_t)ns : (uint64_t)ns;
	char t[SCT_NS_BUFSZ];

	sct_format_ns(mag, t, sizeof(t));
	snprintf(buf, size, "%s%s", ns > 0 ? "+" : ns < 0 ? "-" : "", t);
	return buf;
}

/**
 * sct_format_timestamp - a trace time stamp as trace-cmd prints it
 * @ns: nanoseconds since the trace clock's start; SCT_NO_TIME writes "-"
 * @buf: where the text goes
 * @size: size of @buf; SCT_NS_BUFSZ always suffices
 *
 * Writes seconds with six decimals, cut (not rounded) to the microsecond:
 * 4241060123 ns is "4.241060". Returns @buf, which the caller owns.
 */
const char *sct_format_timestamp(uint64_t ns, char *buf, size_t size)
{
	if (ns == SCT_NO_TIME)
		snprintf(buf, size, "-");
	else
		snprintf(buf, size, "%" PRIu64 ".%06" PRIu64, ns / 1000000000u,
			 ns % 1000000000u / 1000u);
	return buf;
}

/**
 * sct_format_rate - events per second, three significant digits
 * @count: events
 * @ns: over this many nanoseconds; 0 or SCT_NO_TIME writes "-"
 * @buf: where the text goes
 * @size: size of @buf; SCT_NS_BUFSZ always suffices
 *
 * Rounds half up and writes "0" (no event), "0.005", "0.500", "12.5",
 * "850", "7.20k", "1.23M" or "4.56G"; past that, whole G ("1234G").
 * Returns @buf, which the caller owns.
 */
const char *sct_format_rate(uint64_t count, uint64_t ns, char *buf, size_t size)
{
	static const char *const units[] = { "", "", "k", "M", "G" };
	unsigned __int128 milli;
	uint64_t r;

	if (!ns || ns == SCT_NO_TIME) {
		snprintf(buf, size, "-");
		return buf;
	}
	if (!count) {
		snprintf(buf, size, "0");
		return buf;
	}
	/* thousandths of an event per second */
	milli = ((unsigned __int128)count * 1000000000000ull + ns / 2) / ns;
	r = milli > UINT64_MAX ? UINT64_MAX : (uint64_t)milli;
	if (r < 1000) {
		snprintf(buf, size, "0.%03" PRIu64, r);
		return buf;
	}
	return sig3(r, units, 5, buf, size);
}

/* @num * @mult / @den in fixed point with @decimals digits, rounded half up */
static const char *fixed(uint64_t num, uint64_t mult, uint64_t den,
			 unsigned int decimals, bool trim, char *buf, size_t size)
{
	unsigned __int128 scaled;
	uint64_t unit;
	size_t len;

	if (decimals > 9)
		decimals = 9;
	unit = pow10_u64(decimals);
	scaled = den ? ((unsigned __int128)num * mult * unit + den / 2) / den : 0;
	if (scaled > UINT64_MAX)
		scaled = UINT64_MAX;
	if (!decimals)
		snprintf(buf, size, "%" PRIu64, (uint64_t)scaled);
	else
		snprintf(buf, size, "%" PRIu64 ".%0*" PRIu64, (uint64_t)(scaled / unit),
			 (int)decimals, (uint64_t)(scaled % unit));
	if (!trim || !decimals)
		return buf;
	len = strlen(buf);
	while (len && buf[len - 1] == '0')
		buf[--len] = '\0';
	if (len && buf[len - 1] == '.')
		buf[--len] = '\0';
	return buf;
}

/**
 * sct_format_percent - @part of @whole in percent, in fixed point
 * @part: the part
 * @whole: the whole; 0 writes "0"
 * @decimals: digits after the point (at most 9)
 * @trim: drop trailing zeros after the point, and the point when none is left
 * @buf: where the text goes
 * @size: size of @buf; 32 always suffices
 *
 * Rounds half up, exactly: sct_format_percent(1, 3, 1, false, ...) is
 * "33.3" and (2, 3, 4, true, ...) is "66.6667". Returns @buf, which the
 * caller owns.
 */
const char *sct_format_percent(uint64_t part, uint64_t whole,
			       unsigned int decimals, bool trim,
			       char *buf, size_t size)
{
	return fixed(part, 100, whole, decimals, trim, buf, size);
}

/**
 * sct_format_ratio - @num / @den in fixed point
 * @num: the numerator
 * @den: the denominator; 0 writes "-" (no ratio)
 * @decimals: digits after the point (at most 9)
 * @trim: drop trailing zeros after the point, and the point when none is left
 * @buf: where the text goes
 * @size: size of @buf; 32 always suffices
 *
 * Rounds half up, exactly: (354, 91, 1, false, ...) is "3.9" and
 * (1, 8, 2, true, ...) is "0.13". Returns @buf, which the caller owns.
 */
const char *sct_format_ratio(uint64_t num, uint64_t den, unsigned int decimals,
			     bool trim, char *buf, size_t size)
{
	if (!den) {
		snprintf(buf, size, "-");
		return buf;
	}
	return fixed(num, 1, den, decimals, trim, buf, size);
}

/**
 * sct_format_spread - the spread of a set of latencies: P99 / P50
 * @s: their figures
 * @decimals: digits after the point (at most 9)
 * @trim: drop trailing zeros after the point, and the point when none is left
 * @buf: where the text goes
 * @size: size of @buf; 32 always suffices
 *
 * The nearest-rank P99 divided by the P50, rounded half up: 1.0 when the
 * slowest percent take no longer than the median. Writes "-" when there is
 * no value or the P50 is 0. Returns @buf, which the caller owns.
 */
const char *sct_format_spread(const struct sct_summary *s, unsigned int decimals,
			      bool trim, char *buf, size_t size)
{
	if (!sct_spread_known(s)) {
		snprintf(buf, size, "-");
		return buf;
	}
	return fixed(s->p99, 1, s->p50, decimals, trim, buf, size);
}

/**
 * sct_spread_known - whether a set of latencies has a spread
 * @s: their figures
 *
 * Returns true when it has values and a P50 above 0.
 */
bool sct_spread_known(const struct sct_summary *s)
{
	return s->n && s->p50 && s->p50 != SCT_STATS_NONE && s->p99 != SCT_STATS_NONE;
}
