<?php
/**
 * TEST ONLY. list=growthmentorlist as GrowthExperiments' ApiQueryMentorList serves it: every
 * mentor keyed by user id, {message (null: the default intro), weight, awayTimestamp (only
 * while set, as newer versions serialize it), username}, added at the TOP LEVEL of the
 * response (addValue( null, ... )), not under "query". No continuation, as upstream.
 */

namespace GrowthStub;

use ApiQueryBase;
use MediaWiki\MediaWikiServices;

class ApiQueryMentorList extends ApiQueryBase {
	public function execute() {
		$lookup = MediaWikiServices::getInstance()->getUserIdentityLookup();
		$result = [];
		foreach ( Store::mentors() as $id => $data ) {
			$user = $lookup->getUserIdentityByUserId( $id );
			if ( !$user ) {
				continue;
			}
			$mentor = [
				'message' => $data['message'] ?? null,
				'weight' => (int)( $data['weight'] ?? 2 ),
			];
			if ( !empty( $data['awayTimestamp'] ) ) {
				$mentor['awayTimestamp'] = wfTimestamp( TS_ISO_8601, $data['awayTimestamp'] );
			}
			$mentor['username'] = $user->getName();
			$result[$id] = $mentor;
		}
		$this->getResult()->addValue( null, $this->getModuleName(), $result );
	}
}
