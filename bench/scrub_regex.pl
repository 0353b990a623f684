#!/usr/bin/perl
# The baseline `bench/scrub_speed.sh` compares `lernfall scrub` with: the
# kind of regex script an office writes by hand (titles and a few names,
# phone numbers, e-mail, dates, postcodes, streets). Reads stdin, writes the
# scrubbed text to stdout. Knows nothing of Unicode punctuation, lexicons or
# context: it shows what plain regexes cost, not what they catch.
use strict;
use warnings;
use utf8;
binmode STDIN, ':encoding(UTF-8)';
binmode STDOUT, ':encoding(UTF-8)';
local $/;
my $t = <STDIN>;
my $name = qr/\p{Lu}[\p{L}'-]+/;
$t =~ s/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/[E-Mail]/g;
$t =~ s/(?:\+49|0)\d{2,5}[\s\/-]?\d[\d\s-]{4,}\d/[Telefon]/g;
$t =~ s/\b\d{1,2}\.\s?\d{1,2}\.(?:\d{2,4})?/[Datum]/g;
$t =~ s/\b\d{4}-\d{2}-\d{2}\b/[Datum]/g;
$t =~ s/\b\d{5}\s+$name/[PLZ Ort]/g;
$t =~ s/\b$name(?:straße|str\.|weg|platz|allee|gasse|ring)\s*\d+\s?[a-z]?\b/[Adresse]/g;
$t =~ s/\b(?:Frau|Herrn?|Dr\.|Prof\.|Familie|Mutter|Vater|Nachbarin|Nachbar|Oma|Opa|Tante|Onkel|KM|KV)\s+($name(?:\s+$name)?)/[Name]/g;
$t =~ s/\b(?:Lena|Amir|Mia|Ben|Emma|Noah|Ali|Zarah|Wael|Mehret)\b/[Name]/g;
print $t;
