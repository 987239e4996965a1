<?php
/**
 * Shared input reading for the seeding maintenance scripts.
 *
 * Records arrive either as one JSON array or as JSON lines, from --file or stdin, so the
 * Python seeder can stream large batches without temporary files and a human can still
 * feed a hand-written file.
 */

function seedReadRecords( ?string $file ): array {
	$raw = ( $file !== null && $file !== '-' )
		? file_get_contents( $file )
		: stream_get_contents( STDIN );
	if ( $raw === false ) {
		throw new RuntimeException( "cannot read input" );
	}
	$raw = trim( $raw );
	if ( $raw === '' ) {
		return [];
	}
	if ( $raw[0] === '[' ) {
		$records = json_decode( $raw, true, 512, JSON_THROW_ON_ERROR );
	} else {
		// The u flag makes PCRE read characters, not bytes: without it \R also matches the byte
		// 0x85 (NEL), which is inside many UTF-8 characters (م is D9 85), and splits names.
		$lines = preg_split( '/\R/u', $raw );
		if ( $lines === false ) {
			throw new InvalidArgumentException( "the input is not valid UTF-8" );
		}
		$records = [];
		foreach ( $lines as $line ) {
			if ( trim( $line ) !== '' ) {
				$records[] = json_decode( $line, true, 512, JSON_THROW_ON_ERROR );
			}
		}
	}
	foreach ( $records as $i => $rec ) {
		if ( !is_array( $rec ) ) {
			throw new InvalidArgumentException( "record $i is not a JSON object" );
		}
	}
	return $records;
}

/** Accept both MediaWiki's 14-digit form and ISO 8601, the two forms callers actually have. */
function seedTimestamp( $value ): string {
	$ts = wfTimestamp( TS_MW, $value );
	if ( $ts === false ) {
		throw new InvalidArgumentException( "bad timestamp: " . json_encode( $value ) );
	}
	return $ts;
}
