<?php
/**
 * Write thanks log entries, because the Thanks extension cannot be installed here.
 *
 * The bot reads thanks only through core's list=logevents&letype=thanks, so a log row that
 * looks like the extension's (type thanks, action thank, performer = thanker, target =
 * User:<Recipient>, relation thankid) reads back exactly like the real thing. The site must
 * register the log type ($wgLogTypes[] = 'thanks'), which scripts/localwiki.py does.
 *
 * Input (JSON array or JSON lines, from --file or stdin):
 *   {"thanker": "Bob", "recipient": "Alice", "timestamp": "20240101000000"}
 * "timestamp" defaults to now. Both users must exist.
 *
 * Output: {"inserted": N, "logids": [..]}
 */

use MediaWiki\MediaWikiServices;

require_once getenv( 'MW_INSTALL_PATH' ) . '/maintenance/Maintenance.php';
require_once __DIR__ . '/SeedInput.php';

class SeedAddThanks extends Maintenance {
	public function __construct() {
		parent::__construct();
		$this->addDescription( 'Insert thanks/thank log entries' );
		$this->addOption( 'file', 'JSON file with the thanks (default: stdin)', false, true );
	}

	public function execute() {
		$lookup = MediaWikiServices::getInstance()->getUserIdentityLookup();
		$dbw = $this->getDB( DB_PRIMARY );
		$records = seedReadRecords( $this->getOption( 'file' ) );
		$users = [];
		$find = function ( string $name ) use ( $lookup, &$users ) {
			if ( !array_key_exists( $name, $users ) ) {
				$users[$name] = $lookup->getUserIdentityByName( $name );
			}
			if ( !$users[$name] || !$users[$name]->isRegistered() ) {
				$this->fatalError( "no such user: $name" );
			}
			return $users[$name];
		};
		$logids = [];
		$this->beginTransaction( $dbw, __METHOD__ );
		foreach ( $records as $rec ) {
			$thanker = $find( (string)( $rec['thanker'] ?? '' ) );
			$recipient = $find( (string)( $rec['recipient'] ?? '' ) );
			$entry = new ManualLogEntry( 'thanks', 'thank' );
			$entry->setPerformer( $thanker );
			$entry->setTarget( Title::makeTitle( NS_USER, $recipient->getName() ) );
			$entry->setTimestamp( seedTimestamp( $rec['timestamp'] ?? null ) );
			$entry->setRelations( [ 'thankid' => 'seed-' . wfRandomString( 12 ) ] );
			$logids[] = $entry->insert( $dbw );
		}
		$this->commitTransaction( $dbw, __METHOD__ );
		$this->output( json_encode( [ 'inserted' => count( $logids ), 'logids' => $logids ] ) . "\n" );
	}
}

$maintClass = SeedAddThanks::class;
require_once RUN_MAINTENANCE_IF_MAIN;
