<?php
/**
 * TEST ONLY. Where the stand-in keeps what GrowthExperiments keeps, in the same places:
 *
 * - the mentor list is the wiki page MediaWiki:GrowthMentors.json, in GrowthExperiments'
 *   structured format {"Mentors": {"<user id>": {"username", "message", "weight",
 *   "awayTimestamp"?}}} (newer GrowthExperiments keep the away timestamp there, ISO 8601);
 * - who mentors whom is a database table, growthexperiments_mentor_mentee, with one primary
 *   mentor per mentee; it is not a wiki page, so nothing but the API can show it to the bot.
 *
 * Only the behaviour the bot relies on is reproduced: no eligibility rules, no automatic
 * assignment at sign-up, no reassignment, no notifications.
 */

namespace GrowthStub;

use CommentStoreComment;
use ContentHandler;
use MediaWiki\MediaWikiServices;
use MediaWiki\Revision\SlotRecord;
use MediaWiki\User\UserIdentity;
use Title;
use User;

class Store {
	public const LIST_PAGE = 'MediaWiki:GrowthMentors.json';
	public const TABLE = 'growthexperiments_mentor_mentee';
	public const ROLE_PRIMARY = 'primary';
	public const INTRO_TEXT_LENGTH = 240;
	public const WEIGHTS = [ 0, 1, 2, 4 ];

	/** @return array<int,array> mentor user id => serialized mentor */
	public static function mentors(): array {
		$page = MediaWikiServices::getInstance()->getWikiPageFactory()
			->newFromTitle( Title::newFromText( self::LIST_PAGE ) );
		$content = $page->getContent();
		if ( !$content ) {
			return [];
		}
		$data = json_decode( $content->getText(), true );
		if ( !is_array( $data ) || !isset( $data['Mentors'] ) || !is_array( $data['Mentors'] ) ) {
			return [];
		}
		$out = [];
		foreach ( $data['Mentors'] as $id => $mentor ) {
			$out[(int)$id] = $mentor;
		}
		return $out;
	}

	public static function saveMentors( array $mentors, User $performer, string $summary ): void {
		$title = Title::newFromText( self::LIST_PAGE );
		$json = json_encode(
			[ 'Mentors' => (object)$mentors ],
			JSON_PRETTY_PRINT | JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES
		);
		$page = MediaWikiServices::getInstance()->getWikiPageFactory()->newFromTitle( $title );
		$updater = $page->newPageUpdater( $performer );
		$updater->setContent( SlotRecord::MAIN, ContentHandler::makeContent( $json, $title, CONTENT_MODEL_JSON ) );
		$updater->saveRevision( CommentStoreComment::newUnsavedComment( $summary ) );
	}

	public static function isMentor( UserIdentity $user ): bool {
		return $user->getId() > 0 && array_key_exists( $user->getId(), self::mentors() );
	}

	/** @return int|null the mentee's primary mentor's user id */
	public static function mentorOf( UserIdentity $mentee ): ?int {
		$db = self::db();
		$id = $db->newSelectQueryBuilder()
			->select( 'gemm_mentor_id' )
			->from( self::TABLE )
			->where( [ 'gemm_mentee_id' => $mentee->getId(), 'gemm_mentor_role' => self::ROLE_PRIMARY ] )
			->caller( __METHOD__ )
			->fetchField();
		return $id === false ? null : (int)$id;
	}

	/** @return int[] user ids of the mentor's primary mentees, in id order */
	public static function menteesOf( UserIdentity $mentor ): array {
		if ( $mentor->getId() === 0 ) {
			return [];
		}
		return array_map( 'intval', self::db()->newSelectQueryBuilder()
			->select( 'gemm_mentee_id' )
			->from( self::TABLE )
			->where( [ 'gemm_mentor_id' => $mentor->getId(), 'gemm_mentor_role' => self::ROLE_PRIMARY ] )
			->orderBy( 'gemm_mentee_id' )
			->caller( __METHOD__ )
			->fetchFieldValues() );
	}

	public static function setMentor( UserIdentity $mentee, UserIdentity $mentor ): void {
		$db = self::db();
		$db->delete(
			self::TABLE,
			[ 'gemm_mentee_id' => $mentee->getId(), 'gemm_mentor_role' => self::ROLE_PRIMARY ],
			__METHOD__
		);
		$db->insert( self::TABLE, [
			'gemm_mentee_id' => $mentee->getId(),
			'gemm_mentor_id' => $mentor->getId(),
			'gemm_mentor_role' => self::ROLE_PRIMARY,
		], __METHOD__ );
	}

	private static function db() {
		return MediaWikiServices::getInstance()->getDBLoadBalancer()->getConnection( DB_PRIMARY );
	}
}
