-- SPDX-License-Identifier: GPL-2.0
--
-- Distributed tables over the cluster "fleet" (remote_servers in the
-- server's config; docs/fleet/server.xml has one). Run it on every server
-- after docs/fleet/clickhouse.sql: each shard keeps the rows loaded into
-- its own smccctrace.calls and smccctrace.sessions, and a query on
-- calls_all or sessions_all runs on every shard and merges their answers.
-- The sharding key (a hash of the host) sends rows inserted into
-- calls_all to one shard a host; loading each host into its nearest
-- shard's calls works as well, as long as a host stays on one shard.

CREATE TABLE IF NOT EXISTS smccctrace.sessions_all AS smccctrace.sessions
ENGINE = Distributed(fleet, smccctrace, sessions, cityHash64(assumeNotNull(host)));

CREATE TABLE IF NOT EXISTS smccctrace.calls_all AS smccctrace.calls
ENGINE = Distributed(fleet, smccctrace, calls, cityHash64(assumeNotNull(host)));
