#!/usr/bin/perl
# SPDX-License-Identifier: GPL-2.0
#
# png-pixels.pl FILE [RRGGBB]...: what a screenshot holds, for the tests.
# Prints "WIDTHxHEIGHT", the number of distinct colours, then for each
# colour asked for the number of pixels of exactly that colour, one a line.
# Reads 8-bit RGB and RGBA PNGs without interlacing (what Chromium writes);
# anything else is an error (exit status 2).
use strict;
use warnings;
use Compress::Zlib;

sub fail { print STDERR "png-pixels: $ARGV[0]: $_[0]\n"; exit 2; }

open(my $fh, '<:raw', $ARGV[0]) or fail("$!");
local $/;
my $png = <$fh>;
close($fh);
substr($png, 0, 8) eq "\x89PNG\r\n\x1a\n" or fail("not a PNG");

my ($pos, $idat, $w, $h, $depth, $type, $interlace) = (8, '');
while ($pos + 8 <= length($png)) {
	my ($len, $kind) = unpack('Na4', substr($png, $pos, 8));
	my $data = substr($png, $pos + 8, $len);
	($w, $h, $depth, $type, undef, undef, $interlace) = unpack('NNCCCCC', $data)
		if $kind eq 'IHDR';
	$idat .= $data if $kind eq 'IDAT';
	$pos += 12 + $len;
}
defined($w) && $depth == 8 && ($type == 2 || $type == 6) && !$interlace
	or fail("not an 8-bit RGB(A) PNG without interlacing");
my $raw = uncompress($idat);
defined($raw) or fail("bad image data");
my $bpp = $type == 6 ? 4 : 3;
my $stride = $w * $bpp;
length($raw) == $h * ($stride + 1) or fail("image data of the wrong size");

# Undo each row's filter (PNG specification, section 9)
sub paeth {
	my ($a, $b, $c) = @_;
	my $p = $a + $b - $c;
	my ($pa, $pb, $pc) = (abs($p - $a), abs($p - $b), abs($p - $c));
	return $pa <= $pb && $pa <= $pc ? $a : $pb <= $pc ? $b : $c;
}

my (%count, @prev);
@prev = (0) x $stride;
for my $y (0 .. $h - 1) {
	my $filter = ord(substr($raw, $y * ($stride + 1), 1));
	my @row = unpack('C*', substr($raw, $y * ($stride + 1) + 1, $stride));
	for my $i (0 .. $stride - 1) {
		my $a = $i >= $bpp ? $row[$i - $bpp] : 0;
		my $b = $prev[$i];
		my $c = $i >= $bpp ? $prev[$i - $bpp] : 0;
		my $x = $row[$i];
		$x += $filter == 1 ? $a : $filter == 2 ? $b :
		      $filter == 3 ? int(($a + $b) / 2) :
		      $filter == 4 ? paeth($a, $b, $c) : 0;
		$row[$i] = $x & 0xff;
	}
	for (my $i = 0; $i < $stride; $i += $bpp) {
		$count{sprintf('%02x%02x%02x', @row[$i .. $i + 2])}++;
	}
	@prev = @row;
}
print "${w}x$h\n", scalar(keys %count), "\n";
print $count{lc $_} // 0, "\n" for @ARGV[1 .. $#ARGV];
