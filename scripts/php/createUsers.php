<?php
/**
 * Create many users at once, with a chosen registration time, for seeding test wikis.
 *
 * The API and createAndPromote.php take 0.1 s per account and cannot backdate the
 * registration; this script writes accounts in batched transactions and hashes each
 * distinct password only once, so thousands of users take well under a second.
 *
 * Input (JSON array or JSON lines, from --file or stdin), one object per user:
 *   {"name": "Alice", "password": "…", "registration": "20240101000000", "groups": ["sysop"],
 *    "editcount": 600}
 * Only "name" is required. "editcount" sets the counter alone (no revisions), for eligibility. Existing names are skipped (their ids are still reported).
 * Each new account also gets a newusers/create log entry at its registration time, as
 * MediaWiki writes on real sign-up, unless --no-log is given.
 *
 * Output: {"created": N, "skipped": M, "ids": {"Alice": 12, …}}
 */

use MediaWiki\MediaWikiServices;

require_once getenv( 'MW_INSTALL_PATH' ) . '/maintenance/Maintenance.php';
require_once __DIR__ . '/SeedInput.php';

class SeedCreateUsers extends Maintenance {
	public function __construct() {
		parent::__construct();
		$this->addDescription( 'Bulk-create users with given registration timestamps' );
		$this->addOption( 'file', 'JSON file with the users (default: stdin)', false, true );
		$this->addOption( 'batch-size', 'Users per transaction (default 500)', false, true );
		$this->addOption( 'no-log', 'Do not write newusers log entries' );
	}

	public function execute() {
		$services = MediaWikiServices::getInstance();
		$nameUtils = $services->getUserNameUtils();
		$passwordFactory = $services->getPasswordFactory();
		$groupManager = $services->getUserGroupManager();
		$dbw = $this->getDB( DB_PRIMARY );
		$batchSize = max( 1, (int)$this->getOption( 'batch-size', 500 ) );
		$writeLog = !$this->hasOption( 'no-log' );

		$records = seedReadRecords( $this->getOption( 'file' ) );
		$hashes = [];
		$ids = [];
		$created = 0;
		$skipped = 0;
		foreach ( array_chunk( $records, $batchSize ) as $batch ) {
			$this->beginTransaction( $dbw, __METHOD__ );
			$createdHere = 0;
			foreach ( $batch as $rec ) {
				$name = $nameUtils->getCanonical( (string)( $rec['name'] ?? '' ), 'creatable' );
				if ( $name === false ) {
					$this->fatalError( 'not a creatable user name: ' . json_encode( $rec['name'] ?? null ) );
				}
				$ts = seedTimestamp( $rec['registration'] ?? null );
				$user = User::createNew( $name, [ 'registration' => $dbw->timestamp( $ts ) ] );
				if ( $user === null ) {
					$ids[$name] = User::newFromName( $name )->idForName( User::READ_LATEST );
					$skipped++;
					continue;
				}
				$password = (string)( $rec['password'] ?? 'Seed-pass-123!' );
				if ( !isset( $hashes[$password] ) ) {
					$hashes[$password] = $passwordFactory->newFromPlaintext( $password )->toString();
				}
				$row = [ 'user_password' => $hashes[$password] ];
				if ( isset( $rec['editcount'] ) ) {
					$row['user_editcount'] = (int)$rec['editcount'];
				}
				$dbw->update( 'user', $row, [ 'user_id' => $user->getId() ], __METHOD__ );
				foreach ( $rec['groups'] ?? [] as $group ) {
					$groupManager->addUserToGroup( $user, (string)$group );
				}
				if ( $writeLog ) {
					$entry = new ManualLogEntry( 'newusers', 'create' );
					$entry->setPerformer( $user );
					$entry->setTarget( $user->getUserPage() );
					$entry->setParameters( [ '4::userid' => $user->getId() ] );
					$entry->setTimestamp( $ts );
					$entry->insert( $dbw );
				}
				$ids[$name] = $user->getId();
				$createdHere++;
			}
			$created += $createdHere;
			if ( $createdHere ) {
				$dbw->update( 'site_stats', [ "ss_users = ss_users + $createdHere" ],
					[ 'ss_row_id' => 1 ], __METHOD__ );
			}
			$this->commitTransaction( $dbw, __METHOD__ );
		}
		$this->output( json_encode(
			[ 'created' => $created, 'skipped' => $skipped, 'ids' => (object)$ids ]
		) . "\n" );
	}
}

$maintClass = SeedCreateUsers::class;
require_once RUN_MAINTENANCE_IF_MAIN;
