// SPDX-License-Identifier: GPL-2.0
/*
 * readback FILE.dat
 *
 * Prints every record libtracecmd reads from FILE.dat, one a line:
 *   <ts> <cpu> <pid> <event> <field>=<value>... missed=<n>
 * Signed fields are decimal, unsigned ones 0x-hexadecimal; missed is the
 * record's missed_events (-1: events lost, count unknown).
 */
#include <stdio.h>
#include <stdlib.h>

#include <trace-cmd.h>
#include <event-parse.h>

static void print_field(struct tep_format_field *field, struct tep_record *record)
{
	unsigned long long val;
	long long sval;

	if (tep_read_number_field(field, record->data, &val)) {
		printf(" %s=?", field->name);
		return;
	}
	if (!(field->flags & TEP_FIELD_IS_SIGNED)) {
		printf(" %s=0x%llx", field->name, val);
		return;
	}
	switch (field->size) {
	case 1:
		sval = (signed char)val;
		break;
	case 2:
		sval = (short)val;
		break;
	case 4:
		sval = (int)val;
		break;
	default:
		sval = (long long)val;
		break;
	}
	printf(" %s=%lld", field->name, sval);
}

static int print_record(struct tracecmd_input *handle, struct tep_record *record,
			int cpu, void *data)
{
	struct tep_handle *tep = tracecmd_get_tep(handle);
	struct tep_format_field **fields;
	struct tep_event *event;
	int i;

	event = tep_find_event_by_record(tep, record);
	printf("%llu %d %d %s", record->ts, record->cpu,
	       tep_data_pid(tep, record), event ? event->name : "?");
	fields = event ? tep_event_fields(event) : NULL;
	for (i = 0; fields && fields[i]; i++)
		print_field(fields[i], record);
	free(fields);
	printf(" missed=%lld\n", record->missed_events);
	return 0;
}

int main(int argc, char **argv)
{
	struct tracecmd_input *handle;
	int ret;

	if (argc != 2) {
		fprintf(stderr, "usage: readback FILE.dat\n");
		return 2;
	}
	handle = tracecmd_open(argv[1], 0);
	if (!handle) {
		fprintf(stderr, "readback: %s: cannot open\n", argv[1]);
		return 2;
	}
	ret = tracecmd_iterate_events(handle, NULL, 0, print_record, NULL);
	tracecmd_close(handle);
	return ret < 0 ? 1 : 0;
}
