#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A replay --exec handler for the tests, in the line protocol of
# smccctrace-handler(7): a small vendor hypervisor that answers
#	0xc6000001 VCPU_ID  x0 0, x1 the vCPU
#	0xc6000002 ECHO     x0 0, x1..x3 the arguments
# and NOT_SUPPORTED for everything else.
# "replay-handler.sh differ" answers VCPU_ID with x1 = 0x99 instead.
while read -r seq vcpu flags x0 x1 x2 x3 rest; do
	case $seq in
	'#'*) continue ;;
	esac
	case $x0 in
	0xc6000001)
		if [ "$1" = differ ]; then
			echo "0 0x99 0 0"
		else
			echo "0x0 $vcpu 0x0 0x0"
		fi ;;
	0xc6000002)
		echo "0 $x1 $x2 $x3" ;;
	*)
		echo "# $seq: not mine"
		echo "0xffffffffffffffff 0 0 0" ;;
	esac
done
