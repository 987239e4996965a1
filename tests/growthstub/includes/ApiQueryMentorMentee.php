<?php
/**
 * TEST ONLY. list=growthmentormentee&gemmmentor=<name or id> as GrowthExperiments'
 * ApiQueryMentorMentee serves it: {mentor, mentees: [{name, id}]} at the TOP LEVEL of the
 * response, primary mentees only, no continuation.
 */

namespace GrowthStub;

use ApiQueryBase;
use MediaWiki\MediaWikiServices;
use MediaWiki\ParamValidator\TypeDef\UserDef;
use Wikimedia\ParamValidator\ParamValidator;

class ApiQueryMentorMentee extends ApiQueryBase {
	public function execute() {
		$params = $this->extractRequestParams();
		$mentor = $params['gemmmentor'];
		$lookup = MediaWikiServices::getInstance()->getUserIdentityLookup();
		$mentees = [];
		foreach ( Store::menteesOf( $mentor ) as $id ) {
			$user = $lookup->getUserIdentityByUserId( $id );
			if ( $user ) {
				$mentees[] = [ 'name' => $user->getName(), 'id' => $user->getId() ];
			}
		}
		$this->getResult()->addValue( null, $this->getModuleName(), [
			'mentor' => $mentor->getName(),
			'mentees' => $mentees,
		] );
	}

	protected function getAllowedParams() {
		return [
			'gemmmentor' => [
				ParamValidator::PARAM_TYPE => 'user',
				ParamValidator::PARAM_REQUIRED => true,
				UserDef::PARAM_ALLOWED_USER_TYPES => [ 'name', 'id' ],
				UserDef::PARAM_RETURN_OBJECT => true,
			],
		];
	}
}
