// SPDX-License-Identifier: GPL-2.0
/*
 * export --format perfetto's slices of one call: a kernel call alone, a
 * forwarded call with the split the preload shim saw (kernel out, VMM,
 * kernel in), one without it (kernel out, VMM and back), one whose shim
 * times do not fit inside it, and an incomplete call (no slice).
 */
#include <stdio.h>
#include <stdlib.h>

#include <smccctrace/call.h>

#include "export.h"
#include "tap.h"

/* What export_trace_call() writes for @c, in an array; caller frees */
static char *slices(const struct sct_call *c)
{
	struct sct_session s = { .id = 3 };
	struct export e = { .format = EXPORT_PERFETTO, .s = &s };
	char *text = NULL;
	size_t len = 0;

	e.out = open_memstream(&text, &len);
	sct_json_init(&e.json, e.out);
	sct_json_begin_array(&e.json, NULL);
	export_trace_call(c, &e);
	sct_json_end_array(&e.json);
	fclose(e.out);
	/* the emitter ends the top-level value with a newline */
	if (len && text[len - 1] == '\n')
		text[len - 1] = '\0';
	return text;
}

static void check(const struct sct_call *c, const char *want, const char *what)
{
	char *got = slices(c);

	is_str(got, want, what);
	free(got);
}

static struct sct_call forwarded(void)
{
	struct sct_call c;

	sct_call_init(&c);
	c.seq = 9;
	c.tid = 100;
	c.vcpu = 1;
	c.func_id = 0xc4000053;
	c.id_known = true;
	c.conduit = SCT_CONDUIT_HVC;
	c.location = SCT_LOC_USER;
	c.t_exit = 1000001234567;
	c.t_uexit = c.t_exit + 1001;
	c.t_entry = c.t_exit + 12345;
	return c;
}

#define HEAD(name, cat, ts, dur) \
	"{\"name\": \"" name "\", \"cat\": \"" cat "\", \"ph\": \"X\", \"pid\": 3, " \
	"\"tid\": 100, \"ts\": " ts ", \"dur\": " dur

int main(void)
{
	struct sct_call c = forwarded();
	const char *args = ", \"args\": {\"seq\": 9, \"func_id\": \"0xc4000053\", "
		"\"conduit\": \"hvc\", \"location\": \"user\", \"vcpu\": 1, "
		"\"total_ns\": 12345, \"args\": [], \"results\": []}}";
	char want[2048];

	snprintf(want, sizeof(want), "[" HEAD("TRNG_RND64", "user", "1000001234.567", "12.345")
		 "%s, " HEAD("kernel out", "split", "1000001234.567", "1.001") "}, "
		 HEAD("VMM and back", "split", "1000001235.568", "11.344") "}]", args);
	check(&c, want, "forwarded: kernel out, then the VMM and the way back");

	c.t_vmm_exit = c.t_exit + 2000;
	c.t_vmm_resume = c.t_exit + 10000;
	snprintf(want, sizeof(want), "[" HEAD("TRNG_RND64", "user", "1000001234.567", "12.345")
		 "%s, " HEAD("kernel out", "split", "1000001234.567", "2.000") "}, "
		 HEAD("VMM", "split", "1000001236.567", "8.000") "}, "
		 HEAD("kernel in", "split", "1000001244.567", "2.345") "}]", args);
	check(&c, want, "forwarded with the shim's times: kernel out, VMM, kernel in");

	c.t_vmm_resume = c.t_entry + 1;
	snprintf(want, sizeof(want), "[" HEAD("TRNG_RND64", "user", "1000001234.567", "12.345")
		 "%s, " HEAD("kernel out", "split", "1000001234.567", "1.001") "}, "
		 HEAD("VMM and back", "split", "1000001235.568", "11.344") "}]", args);
	check(&c, want, "shim times past the call's end: the kernel's split instead");

	c = forwarded();
	c.location = SCT_LOC_KERNEL;
	c.t_uexit = SCT_NO_TIME;
	c.func_id = 0xc6000001;
	c.t_entry = c.t_exit + 5;
	check(&c, "[" HEAD("0xc6000001", "kernel", "1000001234.567", "0.005")
	      ", \"args\": {\"seq\": 9, \"func_id\": \"0xc6000001\", \"conduit\": \"hvc\", "
	      "\"location\": \"kernel\", \"vcpu\": 1, \"total_ns\": 5, \"args\": [], "
	      "\"results\": []}}]", "a kernel call of no name: one slice named by its ID");

	c.incomplete = true;
	check(&c, "[]", "an incomplete call: no slice");
	return tap_done();
}
