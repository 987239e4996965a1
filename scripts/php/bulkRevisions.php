<?php
/**
 * Insert whole page histories straight into the revision tables, for benchmark-sized wikis.
 *
 * importDump.php takes about 3 ms a revision here, so the 100k–400k revisions of the
 * benchmark workloads would take many minutes; it also leaves recentchanges, edit counts
 * and change tags to be rebuilt by further scripts. This script writes the same rows
 * MediaWiki writes on save (text, content, slots, revision, page, recentchanges within
 * $wgRCMaxAge, change_tag, user_editcount), with ids it assigns itself, in multi-row
 * inserts and large transactions. Identical texts share one content row, as null
 * revisions do in MediaWiki itself. It needs the MediaWiki ≥ 1.40 schema (rev_actor and
 * rev_comment_id in the revision table) and refuses titles that already exist.
 *
 * Input: JSON lines on stdin (streamed, so 400k revisions need little memory), each one of
 *   {"page": "Talk:Foo", "links": true, "revs": [["User", "20240101000000", "text", "summary", 0, ["mw-reverted"]], …]}
 *       revisions oldest first: [user, timestamp, text, summary, minor, tags];
 *       "links": also fill the link tables (templatelinks …) from the last revision's text.
 *   {"editcount": {"User": 1200}}   set users' edit counts outright (applied after the pages)
 *   {"block": {"user": "X", "by": "Admin", "timestamp": "…", "expiry": "infinity"|"…", "reason": "…"}}
 *       a block log entry, plus the block itself when it has not expired yet.
 *
 * Output: {"pages": N, "revisions": N, "rc": N, "tagged": N, "blocks": N, "linked": N, "seconds": S}
 */

use MediaWiki\MediaWikiServices;
use MediaWiki\Revision\SlotRecord;
use MediaWiki\Title\Title;
use MediaWiki\Block\DatabaseBlock;

require_once getenv( 'MW_INSTALL_PATH' ) . '/maintenance/Maintenance.php';

class SeedBulkRevisions extends Maintenance {
	private const BATCH = 1000;

	/** @var \Wikimedia\Rdbms\IDatabase */
	private $dbw;
	private array $rows = [];
	private array $actors = [];
	private array $comments = [];
	private array $contents = [];
	private array $tagIds = [];
	private array $tagCounts = [];
	private array $editCounts = [];
	private int $nextText;
	private int $nextContent;
	private int $nextRev;
	private int $nextPage;
	private int $nextRc;
	private int $pending = 0;
	private string $rcCutoff;
	private int $roleMain;
	private int $modelWikitext;

	public function __construct() {
		parent::__construct();
		$this->addDescription( 'Bulk-insert page histories (JSON lines on stdin)' );
	}

	private function nextId( string $table, string $field ): int {
		return 1 + (int)$this->dbw->selectField( $table, "MAX($field)", '', __METHOD__ );
	}

	public function execute() {
		$t0 = microtime( true );
		$services = MediaWikiServices::getInstance();
		$this->dbw = $this->getDB( DB_PRIMARY );
		$this->nextText = $this->nextId( 'text', 'old_id' );
		$this->nextContent = $this->nextId( 'content', 'content_id' );
		$this->nextRev = $this->nextId( 'revision', 'rev_id' );
		$this->nextPage = $this->nextId( 'page', 'page_id' );
		$this->nextRc = $this->nextId( 'recentchanges', 'rc_id' );
		$maxAge = (int)$this->getConfig()->get( 'RCMaxAge' );
		$this->rcCutoff = wfTimestamp( TS_MW, time() - $maxAge );
		$this->roleMain = $services->getSlotRoleStore()->acquireId( SlotRecord::MAIN );
		$this->modelWikitext = $services->getContentModelStore()->acquireId( CONTENT_MODEL_WIKITEXT );

		$stats = [ 'pages' => 0, 'revisions' => 0, 'rc' => 0, 'tagged' => 0, 'blocks' => 0, 'linked' => 0 ];
		$linkPages = [];
		$editCountSets = [];
		$blocks = [];
		$this->beginTransaction( $this->dbw, __METHOD__ );
		while ( ( $line = fgets( STDIN ) ) !== false ) {
			$line = trim( $line );
			if ( $line === '' ) {
				continue;
			}
			$rec = json_decode( $line, true, 512, JSON_THROW_ON_ERROR );
			if ( isset( $rec['page'] ) ) {
				$pageId = $this->addPage( (string)$rec['page'], $rec['revs'], $stats );
				if ( !empty( $rec['links'] ) ) {
					$linkPages[] = $pageId;
				}
				if ( $this->pending >= 20 * self::BATCH ) {
					$this->flush();
					$this->commitTransaction( $this->dbw, __METHOD__ );
					$this->beginTransaction( $this->dbw, __METHOD__ );
				}
			} elseif ( isset( $rec['editcount'] ) ) {
				$editCountSets += $rec['editcount'];
			} elseif ( isset( $rec['block'] ) ) {
				$blocks[] = $rec['block'];
			} else {
				$this->fatalError( "unknown record: $line" );
			}
		}
		$this->flush();
		foreach ( $this->tagCounts as $tagId => $n ) {
			$this->dbw->update( 'change_tag_def', [ "ctd_count = ctd_count + $n" ],
				[ 'ctd_id' => $tagId ], __METHOD__ );
		}
		$lookup = $services->getUserIdentityLookup();
		foreach ( $this->editCounts as $name => $n ) {
			$this->dbw->update( 'user', [ "user_editcount = user_editcount + $n" ],
				[ 'user_name' => $name ], __METHOD__ );
		}
		foreach ( $editCountSets as $name => $n ) {
			$this->dbw->update( 'user', [ 'user_editcount' => (int)$n ], [ 'user_name' => $name ], __METHOD__ );
		}
		$this->commitTransaction( $this->dbw, __METHOD__ );

		foreach ( $blocks as $b ) {
			$this->addBlock( $b );
			$stats['blocks']++;
		}
		$factory = $services->getWikiPageFactory();
		foreach ( $linkPages as $pageId ) {
			$page = $factory->newFromID( $pageId, IDBAccessObject::READ_LATEST );
			if ( $page ) {
				$page->doSecondaryDataUpdates( [ 'recursive' => false, 'defer' => DeferredUpdates::PRESEND ] );
				$stats['linked']++;
			}
		}
		DeferredUpdates::doUpdates();
		$stats['tagged'] = array_sum( $this->tagCounts );
		$stats['seconds'] = round( microtime( true ) - $t0, 2 );
		$this->output( json_encode( $stats ) . "\n" );
	}

	private function actor( string $name ): int {
		if ( !isset( $this->actors[$name] ) ) {
			$services = MediaWikiServices::getInstance();
			$user = $services->getUserIdentityLookup()->getUserIdentityByName( $name );
			if ( !$user || !$user->isRegistered() ) {
				$this->fatalError( "no such user: $name" );
			}
			$this->actors[$name] = $services->getActorStore()->acquireActorId( $user, $this->dbw );
		}
		return $this->actors[$name];
	}

	private function comment( string $text ): int {
		if ( !isset( $this->comments[$text] ) ) {
			$this->comments[$text] = MediaWikiServices::getInstance()->getCommentStore()
				->createComment( $this->dbw, $text )->id;
		}
		return $this->comments[$text];
	}

	/** @return array{int, string} content id and base-36 sha1; equal texts share one row */
	private function content( string $text ): array {
		$sha1 = SlotRecord::base36Sha1( $text );
		$key = $sha1 . ':' . strlen( $text );
		if ( !isset( $this->contents[$key] ) ) {
			$oldId = $this->nextText++;
			$contentId = $this->nextContent++;
			$this->rows['text'][] = [ 'old_id' => $oldId, 'old_text' => $text, 'old_flags' => 'utf-8' ];
			$this->rows['content'][] = [
				'content_id' => $contentId,
				'content_size' => strlen( $text ),
				'content_sha1' => $sha1,
				'content_model' => $this->modelWikitext,
				'content_address' => "tt:$oldId",
			];
			$this->contents[$key] = $contentId;
		}
		return [ $this->contents[$key], $sha1 ];
	}

	private function tagId( string $tag ): int {
		if ( !isset( $this->tagIds[$tag] ) ) {
			$this->tagIds[$tag] = MediaWikiServices::getInstance()->getChangeTagDefStore()->acquireId( $tag );
		}
		return $this->tagIds[$tag];
	}

	private function addPage( string $titleText, array $revs, array &$stats ): int {
		$title = Title::newFromText( $titleText );
		if ( !$title || !$title->canExist() ) {
			$this->fatalError( "bad title: $titleText" );
		}
		if ( $title->exists( IDBAccessObject::READ_LATEST ) ) {
			$this->fatalError( "page exists already: $titleText" );
		}
		$pageId = $this->nextPage++;
		$ns = $title->getNamespace();
		$dbkey = $title->getDBkey();
		$parent = 0;
		$prevLen = 0;
		$ts = '';
		foreach ( $revs as $i => [ $user, $ts, $text, $summary, $minor, $tags ] ) {
			$ts = wfTimestamp( TS_MW, $ts );
			$revId = $this->nextRev++;
			$actor = $this->actor( (string)$user );
			$commentId = $this->comment( (string)$summary );
			[ $contentId, $sha1 ] = $this->content( (string)$text );
			$len = strlen( $text );
			$this->rows['revision'][] = [
				'rev_id' => $revId, 'rev_page' => $pageId, 'rev_comment_id' => $commentId,
				'rev_actor' => $actor, 'rev_timestamp' => $this->dbw->timestamp( $ts ),
				'rev_minor_edit' => $minor ? 1 : 0, 'rev_deleted' => 0, 'rev_len' => $len,
				'rev_parent_id' => $parent, 'rev_sha1' => $sha1,
			];
			$this->rows['slots'][] = [
				'slot_revision_id' => $revId, 'slot_role_id' => $this->roleMain,
				'slot_content_id' => $contentId, 'slot_origin' => $revId,
			];
			$rcId = null;
			if ( $ts >= $this->rcCutoff ) {
				$rcId = $this->nextRc++;
				$this->rows['recentchanges'][] = [
					'rc_id' => $rcId, 'rc_timestamp' => $this->dbw->timestamp( $ts ), 'rc_actor' => $actor,
					'rc_namespace' => $ns, 'rc_title' => $dbkey, 'rc_comment_id' => $commentId,
					'rc_minor' => $minor ? 1 : 0, 'rc_bot' => 0, 'rc_new' => $i === 0 ? 1 : 0,
					'rc_cur_id' => $pageId, 'rc_this_oldid' => $revId, 'rc_last_oldid' => $parent,
					'rc_type' => $i === 0 ? RC_NEW : RC_EDIT, 'rc_source' => $i === 0 ? 'mw.new' : 'mw.edit',
					'rc_patrolled' => 0, 'rc_ip' => '127.0.0.1', 'rc_old_len' => $i === 0 ? null : $prevLen,
					'rc_new_len' => $len, 'rc_deleted' => 0, 'rc_logid' => 0, 'rc_params' => '',
				];
				$stats['rc']++;
			}
			foreach ( (array)$tags as $tag ) {
				$tagId = $this->tagId( (string)$tag );
				$this->rows['change_tag'][] = [
					'ct_rc_id' => $rcId, 'ct_log_id' => null, 'ct_rev_id' => $revId,
					'ct_params' => null, 'ct_tag_id' => $tagId,
				];
				$this->tagCounts[$tagId] = ( $this->tagCounts[$tagId] ?? 0 ) + 1;
			}
			$this->editCounts[$user] = ( $this->editCounts[$user] ?? 0 ) + 1;
			$parent = $revId;
			$prevLen = $len;
			$this->pending++;
			$stats['revisions']++;
		}
		$this->rows['page'][] = [
			'page_id' => $pageId, 'page_namespace' => $ns, 'page_title' => $dbkey,
			'page_is_redirect' => 0, 'page_is_new' => count( $revs ) === 1 ? 1 : 0,
			'page_random' => wfRandom(), 'page_touched' => $this->dbw->timestamp( $ts ),
			'page_links_updated' => null, 'page_latest' => $parent, 'page_len' => $prevLen,
			'page_content_model' => CONTENT_MODEL_WIKITEXT, 'page_lang' => null,
		];
		$stats['pages']++;
		return $pageId;
	}

	/** Write the buffered rows, parents before children, BATCH rows per INSERT statement. */
	private function flush(): void {
		foreach ( [ 'text', 'content', 'page', 'revision', 'slots', 'recentchanges', 'change_tag' ] as $table ) {
			foreach ( array_chunk( $this->rows[$table] ?? [], self::BATCH ) as $chunk ) {
				$this->dbw->insert( $table, $chunk, __METHOD__ );
			}
		}
		$this->rows = [];
		$this->pending = 0;
	}

	private function addBlock( array $b ): void {
		$services = MediaWikiServices::getInstance();
		$lookup = $services->getUserIdentityLookup();
		$target = $lookup->getUserIdentityByName( (string)$b['user'] );
		$by = $lookup->getUserIdentityByName( (string)( $b['by'] ?? 'Admin' ) );
		if ( !$target || !$by ) {
			$this->fatalError( 'block: no such user in ' . json_encode( $b ) );
		}
		$ts = wfTimestamp( TS_MW, $b['timestamp'] );
		$expiry = (string)( $b['expiry'] ?? 'infinity' );
		$expiryTs = $expiry === 'infinity' ? 'infinity' : wfTimestamp( TS_MW, $expiry );
		$reason = (string)( $b['reason'] ?? '' );
		if ( $expiryTs === 'infinity' || $expiryTs > wfTimestampNow() ) {
			$block = new DatabaseBlock( [
				'address' => $target, 'by' => $by, 'reason' => $reason, 'timestamp' => $ts,
				'expiry' => $expiryTs, 'createAccount' => true, 'enableAutoblock' => false,
			] );
			$services->getDatabaseBlockStore()->insertBlock( $block );
		}
		$entry = new ManualLogEntry( 'block', 'block' );
		$entry->setPerformer( $by );
		$entry->setTarget( Title::makeTitle( NS_USER, $target->getName() ) );
		$entry->setTimestamp( $ts );
		$entry->setComment( $reason );
		$entry->setParameters( [
			'5::duration' => $expiryTs === 'infinity' ? 'infinity' : $expiryTs,
			'6::flags' => 'nocreate',
		] );
		$entry->insert( $this->dbw );
	}
}

$maintClass = SeedBulkRevisions::class;
require_once RUN_MAINTENANCE_IF_MAIN;
