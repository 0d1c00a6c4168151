-- SPDX-License-Identifier: GPL-2.0
--
-- Where calls were answered, per kernel: in KVM (kernel), forwarded to the
-- VMM (user), denied by the SMCCC filter, or not known; the share is of
-- that kernel's calls, in percent.

SELECT kernel, location, calls, round(100 * calls / kernel_calls, 4) AS share
FROM (
	SELECT kernel, groupArray(location) AS locations,
		groupArray(n) AS counts, sum(n) AS kernel_calls
	FROM (
		SELECT kernel, location, count() AS n
		FROM smccctrace.calls
		GROUP BY kernel, location
	)
	GROUP BY kernel
)
ARRAY JOIN locations AS location, counts AS calls
ORDER BY kernel, location;
