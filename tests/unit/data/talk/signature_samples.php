<?php
/*
 * Writes signature_samples.json: what MediaWiki itself writes for "~~~~~" in several content
 * languages and time zones, at instants chosen around summer-time switches and local midnight,
 * with the site words the bot reads (month names in every form, the timezone-* message).
 * It is test input, not program output. Regenerate from MediaWiki's directory with any provisioned 1.43 wiki:
 *   php maintenance/run.php .../signature_samples.php --conf <site>/LocalSettings.php \
 *     > .../signature_samples.json
 */
class SignatureSamples extends Maintenance {
	public function execute() {
		$services = \MediaWiki\MediaWikiServices::getInstance();
		$languages = [ 'en', 'cs', 'fr', 'ar', 'de', 'es', 'ru', 'ja', 'fa', 'he', 'hi', 'bn', 'ne', 'pt', 'ko', 'uk', 'pl', 'ckb', 'my' ];
		/* Every language in these; English in all zones. */
		$someZones = [ 'UTC', 'Europe/Prague', 'America/New_York', 'America/Sao_Paulo', 'Asia/Riyadh', 'Asia/Kathmandu' ];
		$allZones = array_merge( $someZones, [
			'Europe/Paris', 'Europe/Moscow', 'Asia/Dubai', 'Asia/Kolkata', 'Asia/Tehran', 'Asia/Tokyo',
			'Asia/Jerusalem', 'Pacific/Chatham', 'America/St_Johns', 'Asia/Colombo',
		] );
		/* A day in every month; both sides of the 2026 switches in Europe (29 March, 25 October
		   at 01:00 UTC) and the United States (8 March, 1 November); the last minute of a year. */
		$instants = [
			'20260103000500', '20260214235900', '20260315120000', '20260329005900', '20260329010000',
			'20260308065900', '20260308070000', '20260430214500', '20260531230000', '20260615013000',
			'20260718100000', '20260831221500', '20260905003000', '20261025000000', '20261025003000',
			'20261025010000', '20261025013000', '20261101055900', '20261101060000', '20261101063000',
			'20261130230000', '20261203144000', '20261231233000', '20261231235900',
		];
		$monthKeys = [ 'january', 'february', 'march', 'april', 'may_long', 'june', 'july', 'august', 'september', 'october', 'november', 'december' ];
		$abbrKeys = [ 'jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec' ];
		$genKeys = [ 'january-gen', 'february-gen', 'march-gen', 'april-gen', 'may-gen', 'june-gen', 'july-gen', 'august-gen', 'september-gen', 'october-gen', 'november-gen', 'december-gen' ];
		$out = [];
		foreach ( $languages as $code ) {
			$lang = $services->getLanguageFactory()->getLanguage( $code );
			$text = static function ( $key ) use ( $lang ) {
				return wfMessage( $key )->inLanguage( $lang )->text();
			};
			$formats = [ $code => $lang->getDateFormatString( 'both', $lang->dateFormat( false ) ) ];
			if ( $code === 'en' ) {
				/* What $wgAmericanDates gives: month before day. */
				$formats['en-mdy'] = $lang->getDateFormatString( 'both', 'mdy' );
			}
			foreach ( $formats as $name => $format ) {
				$entry = [
					'lang' => $code,
					'format' => $format,
					'months' => array_map( $text, $monthKeys ),
					'abbreviations' => array_map( $text, $abbrKeys ),
					'genitive' => array_map( $text, $genKeys ),
					'timezone-utc' => $text( 'timezone-utc' ),
					/* as $wgTranslateNumerals (on by default) writes 0 to 9 */
					'digits' => implode( '', array_map( static function ( $d ) use ( $lang ) {
						return $lang->formatNumNoSeparators( (string)$d );
					}, range( 0, 9 ) ) ),
					'samples' => [],
				];
				foreach ( $code === 'en' ? $allZones : $someZones as $zone ) {
					foreach ( $instants as $utc ) {
						$ts = new MWTimestamp( $utc );
						$ts->setTimezone( $zone );
						/* Parser::pstPass2, in this language instead of the content language */
						$label = $ts->getTimezoneMessage()->inLanguage( $lang )->text();
						$entry['samples'][$zone][] = [ $utc, $lang->sprintfDate( $format, $ts->format( 'YmdHis' ) ) . " ($label)" ];
					}
				}
				$out[$name] = $entry;
			}
		}
		echo json_encode( $out, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES ), "\n";
	}
}

return SignatureSamples::class;
