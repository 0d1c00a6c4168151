#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# smccctrace decode: what SMCCC function IDs are, in every format.
. "$(dirname "$0")/lib.sh"

need_smccctrace

check_exit "table" 0 "$SMCCCTRACE" decode 0xC4000003 0x84000050 0xc6000001 0x02000010 0x84010000
check_eq "table: exact" "$(cat "$TMP/out")" \
"ID          NAME            OWNER       SERVICE  RANGE          CALL      CONV   SVE  NUMBER
0xc4000003  PSCI_CPU_ON_64  STD         PSCI     PSCI/64        fast      SMC64  no   0x0003
0x84000050  TRNG_VERSION    STD         TRNG     TRNG/32        fast      SMC32  no   0x0050
0xc6000001  -               VENDOR_HYP  -        VENDOR_HYP/64  fast      SMC64  no   0x0001
0x02000010  -               SIP         -        SIP/32Y        yielding  SMC32  no   0x0010
0x84010000  PSCI_VERSION    STD         PSCI     PSCI/32        fast      SMC32  yes  0x0000"
check_eq "table: nothing on stderr" "$(cat "$TMP/err")" ""

check_exit "decimal ID" 0 "$SMCCCTRACE" decode 2248146944
check_eq "decimal ID: KVM_FEATURES" "$(sed -n 2p "$TMP/out")" \
	"0x86000000  KVM_FEATURES  VENDOR_HYP  KVM      KVM/32  fast  SMC32  no   0x0000"

check_exit "json" 0 "$SMCCCTRACE" decode --format json 0xc4000003 0x82000123
check_eq "json: exact" "$(cat "$TMP/out")" \
'[{"id": "0xc4000003", "name": "PSCI_CPU_ON_64", "owner": "STD", "owner_id": 4, "service": "PSCI", "range": "PSCI/64", "fast": true, "convention": "SMC64", "sve_hint": false, "number": 3, "reserved_bits": false}, {"id": "0x82000123", "name": null, "owner": "SIP", "owner_id": 2, "service": null, "range": "SIP/32", "fast": true, "convention": "SMC32", "sve_hint": false, "number": 291, "reserved_bits": false}]'

check_exit "csv" 0 "$SMCCCTRACE" decode -f csv 0x8600ff01 0x32000005
check_eq "csv: exact" "$(cat "$TMP/out")" \
"id,name,owner,owner_id,service,range,call,convention,sve_hint,number,reserved_bits
0x8600ff01,VENDOR_HYP_CALL_UID,VENDOR_HYP,6,KVM,KVM/32,fast,SMC32,0,65281,0
0x32000005,,TRUSTED_OS,50,,TRUSTED_OS/32Y,yielding,SMC32,0,5,0"

check_exit "reserved bits: still decoded" 0 "$SMCCCTRACE" decode --format json 0x84020000
check_eq "reserved bits: flagged in json" \
	"$(sed 's/.*"reserved_bits": \([a-z]*\).*/\1/' "$TMP/out")" "true"
check_eq "reserved bits: a warning" "$(cat "$TMP/err")" \
	"warning: 0x84020000: bits 23:17 of a fast call must be zero"

check_exit "an ID that is not a number" 2 "$SMCCCTRACE" decode 0x84000000 psci
check_eq "bad ID: one-line error" "$(cat "$TMP/err")" \
	"smccctrace: decode: 'psci' is neither a 32-bit function ID nor a function's name
see 'smccctrace decode --help'"
check_eq "bad ID: nothing printed" "$(cat "$TMP/out")" ""
check_exit "an ID over 32 bits" 2 "$SMCCCTRACE" decode 0x100000000
check_eq "wide ID: one-line error" "$(cat "$TMP/err")" \
	"smccctrace: decode: '0x100000000' is neither a 32-bit function ID nor a function's name
see 'smccctrace decode --help'"
check_exit "a negative ID" 2 "$SMCCCTRACE" decode -- -1
check_exit "no ID" 2 sh -c '"$0" decode </dev/null' "$SMCCCTRACE"
check_eq "no ID: the error first" "$(head -n 1 "$TMP/err")" \
	"smccctrace: decode: no function ID given"
check_exit "bad format" 2 "$SMCCCTRACE" decode --format xml 0x84000000
check_exit "help" 0 "$SMCCCTRACE" decode --help
check_eq "help: the synopsis" "$(head -n 1 "$TMP/out")" \
	"usage: smccctrace decode [--format table|csv|json] ID|NAME..."

# decimal as documented: a leading 0 is not octal
check_exit "leading zero" 0 "$SMCCCTRACE" decode -f csv 010 0x010 08
check_eq "leading zero: decimal 10, hexadecimal 16, decimal 8" "$(cut -d, -f1 "$TMP/out")" \
"id
0x0000000a
0x00000010
0x00000008"
check_exit "a signed or spaced number" 2 "$SMCCCTRACE" decode " 5"

# names, any case
check_exit "names" 0 "$SMCCCTRACE" decode -f csv psci_cpu_on_64 TRNG_RND64 KVM_FEATURES
check_eq "names: their IDs" "$(cut -d, -f1,2 "$TMP/out")" \
"id,name
0xc4000003,PSCI_CPU_ON_64
0xc4000053,TRNG_RND64
0x86000000,KVM_FEATURES"

# IDs on standard input, without arguments or with -
check_exit "stdin" 0 sh -c 'printf "0x84000000\n 2248146944\tpsci_version\n" | "$0" decode -f csv' \
	"$SMCCCTRACE"
check_eq "stdin: every word" "$(cut -d, -f1,2 "$TMP/out")" \
"id,name
0x84000000,PSCI_VERSION
0x86000000,KVM_FEATURES
0x84000000,PSCI_VERSION"
check_exit "stdin with -" 0 sh -c 'echo 0xc6000001 | "$0" decode -' "$SMCCCTRACE"
check_eq "stdin with -: table" "$(sed -n 2p "$TMP/out")" \
	"0xc6000001  -     VENDOR_HYP  -        VENDOR_HYP/64  fast  SMC64  no   0x0001"
check_exit "stdin: a bad word" 2 sh -c 'echo 0x84000000 nope | "$0" decode' "$SMCCCTRACE"
check_eq "stdin: a bad word named, nothing printed" "$(cat "$TMP/err"; cat "$TMP/out")" \
"smccctrace: decode: 'nope' is neither a 32-bit function ID nor a function's name
see 'smccctrace decode --help'"

# help CMD is CMD --help
check_exit "help decode" 0 "$SMCCCTRACE" help decode
cp "$TMP/out" "$TMP/help1"
"$SMCCCTRACE" decode --help >"$TMP/help2"
check_eq "help decode: the same as decode --help" "$(cmp "$TMP/help1" "$TMP/help2" && echo same)" "same"
check_exit "help of no command" 2 "$SMCCCTRACE" help nope
check_eq "help of no command: says so" "$(head -n 1 "$TMP/err")" \
	"smccctrace: help: 'nope' is not a command"
check_exit "--version" 0 "$SMCCCTRACE" --version
check_eq "--version: one line" "$(sed 's/[0-9][0-9.]*$/N/' "$TMP/out")" "smccctrace N"
check_exit "--help lists --version" 0 "$SMCCCTRACE" --help
check_eq "--help: the --version line" "$(grep -e '--version' "$TMP/out")" \
	"      --version  the version"

done_testing
