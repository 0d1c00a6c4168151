-- SPDX-License-Identifier: GPL-2.0
--
-- Latency percentiles per function across every host in smccctrace.calls,
-- nearest rank exactly as `smccctrace report` computes them: over the
-- calls with a latency (total_ns, kvm_exit to kvm_entry), sorted, the
-- value at rank ceil(p * n / 1000) for p per mille, at least 1, in
-- integers. calls counts incomplete calls too, as report's column does.
-- Narrow it with a WHERE (a host, a kernel, a location, a time) before the
-- GROUP BY; a function without any latency has NULL percentiles.

SELECT func, name, calls,
	if(n = 0, NULL, v[greatest(1, intDiv(n * 500 + 999, 1000))]) AS p50_ns,
	if(n = 0, NULL, v[greatest(1, intDiv(n * 900 + 999, 1000))]) AS p90_ns,
	if(n = 0, NULL, v[greatest(1, intDiv(n * 990 + 999, 1000))]) AS p99_ns,
	if(n = 0, NULL, v[greatest(1, intDiv(n * 999 + 999, 1000))]) AS p999_ns,
	if(n = 0, NULL, v[n]) AS max_ns
FROM (
	SELECT func, any(name) AS name, count() AS calls,
		arraySort(groupArray(total_ns)) AS v, length(v) AS n
	FROM smccctrace.calls
	GROUP BY func
)
ORDER BY calls DESC, func;
