// SPDX-License-Identifier: GPL-2.0
/*
 * replay's back ends through backend.h: the plugin descriptor's version
 * check, loading the example plugins with their arguments, the builtins,
 * and the messages of what cannot be opened.
 */
#include <errno.h>

#include "tap.h"

#include "../../replay/backend.c"
#include "../../replay/builtin-kvm.c"
#include "../../replay/exec.c"
#include "../../replay/plugin.c"
#include "../../replay/protocol.c"

static int fake_handle(void *priv, struct sct_hypercall *h)
{
	return 0;
}

static void test_check(void)
{
	struct sct_handler h = { .abi_version = SCT_HANDLER_ABI_VERSION, .handle = fake_handle };

	ok(!replay_plugin_check(&h, "x.so"), "check: this version with a handle is taken");
	h.abi_version = 2;
	ok(replay_plugin_check(&h, "x.so") == -1, "check: version 2 refused");
	is_str(sct_last_error(),
	       "x.so: built for handler ABI version 2, this smccctrace loads version 1"
	       " (rebuild it against this <smccctrace/handler.h>)",
	       "check: the message names the file and both versions");
	h.abi_version = 0;
	h.handle = NULL;
	ok(replay_plugin_check(&h, "y.so") == -1, "check: version 0 refused");
	ok(strstr(sct_last_error(), "version 0, this smccctrace loads version 1") != NULL,
	   "check: the version is checked before anything else");
	h.abi_version = SCT_HANDLER_ABI_VERSION;
	ok(replay_plugin_check(&h, "y.so") == -1, "check: no handle refused");
	is_str(sct_last_error(), "y.so: its sct_handler has no handle function",
	       "check: says what is missing");
}

static struct replay_backend *open_plugin(const char *path, const struct sct_handler_arg *args,
					  size_t nargs)
{
	struct replay_backend_spec spec = {
		.kind = REPLAY_BACKEND_PLUGIN, .name = path, .args = args, .nargs = nargs,
	};

	return replay_backend_open(&spec);
}

static void test_plugins(void)
{
	const struct sct_handler_arg minor = { "minor", "7" }, bad = { "major", "1" };
	struct sct_hypercall hc = { .vcpu = 5 };
	struct replay_backend *be;

	be = open_plugin("replay/examples/vendor-hyp.so", &minor, 1);
	ok(be != NULL, "plugin: vendor-hyp.so loads with minor=7");
	if (!be)
		return;
	is_str(replay_backend_describe(be), "plugin:vendor-hyp (replay/examples/vendor-hyp.so)",
	       "plugin: described by name and path");
	hc.x[0] = 0x8600ff03;
	ok(!replay_backend_call(be, 0, &hc) && hc.x[0] == 1 && hc.x[1] == 7,
	   "plugin: REVISION 1.7 from the init argument");
	hc.x[0] = 0xc6000001;
	ok(!replay_backend_call(be, 1, &hc) && hc.x[0] == 0 && hc.x[1] == 5,
	   "plugin: VCPU_ID answers the vCPU");
	ok(!replay_backend_finish(be), "plugin: finish");
	replay_backend_free(be);

	ok(!open_plugin("replay/examples/vendor-hyp.so", &bad, 1), "plugin: init refuses major=1");
	is_str(sct_last_error(),
	       "replay/examples/vendor-hyp.so: init failed: unknown argument 'major' (minor=N)",
	       "plugin: init's own reason");
	ok(!open_plugin("tests/unit/no-such.so", NULL, 0), "plugin: a missing file");
	ok(strstr(sct_last_error(), "tests/unit/no-such.so") != NULL, "plugin: the message names it");
	ok(!open_plugin("/bin/true", NULL, 0) && strstr(sct_last_error(), "/bin/true"),
	   "plugin: not a shared object");
	errno = EALREADY;
	replay_backend_free(NULL);
	is_u64(errno, EALREADY, "free(NULL) leaves errno alone");
}

static void test_builtins(void)
{
	struct replay_backend_spec spec = { .kind = REPLAY_BACKEND_BUILTIN, .name = "kvm" };
	struct sct_hypercall hc = { .x = { 0x84000000, 1, 2, 3 } };
	struct replay_backend *be;

	be = replay_backend_open(&spec);
	ok(be && !strcmp(replay_backend_describe(be), "builtin:kvm"), "builtin:kvm opens");
	ok(be && !replay_backend_call(be, 0, &hc) && hc.x[0] == 0x10001 && !hc.x[1],
	   "builtin:kvm: PSCI_VERSION 1.1");
	replay_backend_free(be);
	spec.name = "not-supported";
	be = replay_backend_open(&spec);
	hc.x[0] = 0x84000000;
	hc.x[1] = 1;
	ok(be && !replay_backend_call(be, 0, &hc) && hc.x[0] == UINT64_MAX && hc.x[1] == 1,
	   "builtin:not-supported: x0 -1, the rest kept");
	ok(be && !strcmp(replay_backend_describe(be), "builtin:not-supported"),
	   "builtin:not-supported is described");
	replay_backend_free(be);
	spec.name = "qemu";
	ok(!replay_backend_open(&spec), "builtin:qemu does not exist");
	is_str(sct_last_error(), "no builtin back end 'qemu' (kvm or not-supported)",
	       "builtin: the message lists the names");
}

int main(void)
{
	test_check();
	test_plugins();
	test_builtins();
	return tap_done();
}
