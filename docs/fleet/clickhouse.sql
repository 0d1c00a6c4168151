-- SPDX-License-Identifier: GPL-2.0
--
-- smccctrace sessions and calls in ClickHouse (docs/fleet.md explains it).
-- Written for ClickHouse 18.16 (Debian 12).
--
--   clickhouse-client --multiquery < docs/fleet/clickhouse.sql
--
-- The tables `sessions` and `calls` hold every host's rows, typed, with
-- NULL where a value is not known, their columns in the order of
-- `smccctrace export --format csv` (ClickHouse 18.16 takes CSV columns by
-- position, not by the header's names). It reads an empty CSV field as 0
-- or '' and \N as NULL, hence --null '\N' in the load:
--
--   smccctrace export -d HOST.db --format csv --null '\N' --table sessions |
--       clickhouse-client --query "INSERT INTO smccctrace.sessions FORMAT CSVWithNames"
--   smccctrace export -d HOST.db --format csv --null '\N' --table calls |
--       clickhouse-client --query "INSERT INTO smccctrace.calls FORMAT CSVWithNames"
--
-- A value that is not a number where one belongs fails the INSERT whole.

CREATE DATABASE IF NOT EXISTS smccctrace;

-- One row a session; (host, session, first_ns) is its identity.
CREATE TABLE IF NOT EXISTS smccctrace.sessions (
	host Nullable(String),
	kernel Nullable(String),
	session UInt64,
	first_ns Nullable(UInt64),
	last_ns Nullable(UInt64),
	kind String,
	source Nullable(String),
	source_size Nullable(UInt64),
	clock Nullable(String),
	created String,
	ended Nullable(String),
	calls UInt64,
	forwarded_calls UInt64,
	kernel_calls UInt64,
	denied_calls UInt64,
	unknown_location_calls UInt64,
	incomplete_calls UInt64,
	lost_events UInt64,
	replay_of Nullable(UInt64),
	filter Nullable(String)
) ENGINE = MergeTree
ORDER BY (assumeNotNull(host), session);

-- One row a call: call_view's columns with the host, kernel and session
-- identity of its session in each.
CREATE TABLE IF NOT EXISTS smccctrace.calls (
	host Nullable(String),
	kernel Nullable(String),
	session UInt64,
	session_first_ns UInt64,
	seq UInt64,
	tid Int64,
	thread Nullable(String),
	vcpu Nullable(Int64),
	vm Nullable(Int64),
	func_id Nullable(UInt32),
	func String,
	name Nullable(String),
	owner Nullable(String),
	range Nullable(String),
	conduit String,
	location String,
	incomplete UInt8,
	ec Nullable(UInt32),
	imm UInt64,
	pc Nullable(UInt64),
	cpu Nullable(Int64),
	t_exit Nullable(UInt64),
	t_uexit Nullable(UInt64),
	t_entry Nullable(UInt64),
	total_ns Nullable(UInt64),
	out_ns Nullable(UInt64),
	back_ns Nullable(UInt64),
	t_vmm_exit Nullable(UInt64),
	t_vmm_resume Nullable(UInt64),
	kernel_out_ns Nullable(Int64),
	vmm_ns Nullable(Int64),
	kernel_in_ns Nullable(Int64),
	x0 Nullable(UInt64),
	x1 Nullable(UInt64),
	x2 Nullable(UInt64),
	x3 Nullable(UInt64),
	args Nullable(String)
) ENGINE = MergeTree
ORDER BY (assumeNotNull(host), session, func, seq);
