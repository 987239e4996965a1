<?php
/**
 * Attach change tags to existing revisions, because imported history carries none.
 *
 * Realistic history (edits months ago) comes in through importDump.php, which cannot tag
 * revisions; the dashboards count tags such as mw-reverted, so the seeder adds them here.
 * Tags are written as MediaWiki's own software does (no "is this tag defined" check), and
 * the recentchanges row is linked when one exists, so run this after rebuildrecentchanges.
 *
 * Input (JSON array or JSON lines, from --file or stdin), one object per revision:
 *   {"revid": 123, "tags": ["mw-reverted"]}   or
 *   {"title": "Page", "timestamp": "20240101000000", "tags": ["mw-reverted"]}
 *
 * Output: {"tagged": N, "revids": [..]}
 */

use MediaWiki\MediaWikiServices;

require_once getenv( 'MW_INSTALL_PATH' ) . '/maintenance/Maintenance.php';
require_once __DIR__ . '/SeedInput.php';

class SeedAddTags extends Maintenance {
	public function __construct() {
		parent::__construct();
		$this->addDescription( 'Add change tags to revisions' );
		$this->addOption( 'file', 'JSON file with the tags (default: stdin)', false, true );
	}

	public function execute() {
		$services = MediaWikiServices::getInstance();
		// ChangeTags::addTags is deprecated from 1.41 on, and ChangeTagsStore is missing in 1.39.
		$store = method_exists( $services, 'getChangeTagsStore' ) ? $services->getChangeTagsStore() : null;
		$dbw = $this->getDB( DB_PRIMARY );
		$revids = [];
		$this->beginTransaction( $dbw, __METHOD__ );
		foreach ( seedReadRecords( $this->getOption( 'file' ) ) as $rec ) {
			$revid = (int)( $rec['revid'] ?? 0 );
			if ( !$revid ) {
				$title = Title::newFromText( (string)( $rec['title'] ?? '' ) );
				if ( !$title ) {
					$this->fatalError( 'bad title: ' . json_encode( $rec['title'] ?? null ) );
				}
				$revid = (int)$dbw->selectField(
					[ 'revision', 'page' ],
					'rev_id',
					[
						'page_namespace' => $title->getNamespace(),
						'page_title' => $title->getDBkey(),
						'rev_timestamp' => $dbw->timestamp( seedTimestamp( $rec['timestamp'] ?? null ) ),
					],
					__METHOD__,
					[],
					[ 'page' => [ 'JOIN', 'rev_page = page_id' ] ]
				);
				if ( !$revid ) {
					$this->fatalError( 'no revision of ' . $title->getPrefixedText() . ' at ' .
						json_encode( $rec['timestamp'] ?? null ) );
				}
			}
			$tags = array_map( 'strval', (array)( $rec['tags'] ?? [] ) );
			if ( $store ) {
				$store->addTags( $tags, null, $revid );
			} else {
				ChangeTags::addTags( $tags, null, $revid );
			}
			$revids[] = $revid;
		}
		$this->commitTransaction( $dbw, __METHOD__ );
		$this->output( json_encode( [ 'tagged' => count( $revids ), 'revids' => $revids ] ) . "\n" );
	}
}

$maintClass = SeedAddTags::class;
require_once RUN_MAINTENANCE_IF_MAIN;
