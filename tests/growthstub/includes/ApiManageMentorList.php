<?php
/**
 * TEST ONLY. action=growthmanagementorlist (POST, CSRF token; geaction add|change|remove,
 * message, weight 0|1|2|4, isaway, awaytimestamp, summary, username) as GrowthExperiments'
 * ApiManageMentorList behaves: a performer who is not a mentor needs "enrollasmentor" or
 * "managementors"; naming another mentor (username) needs "managementors"; isaway without
 * awaytimestamp fails; change/remove of someone not listed fails; and, as upstream, any add or
 * change WITHOUT isaway marks the mentor active again. The result is {status: "ok", mentor:
 * {message, weight, awayTimestamp (MediaWiki format, null unless in the future),
 * awayTimestampHuman, automaticallyAssigned}} at the top level.
 */

namespace GrowthStub;

use ApiBase;
use MediaWiki\MediaWikiServices;
use MediaWiki\ParamValidator\TypeDef\UserDef;
use Wikimedia\ParamValidator\ParamValidator;

class ApiManageMentorList extends ApiBase {
	public function execute() {
		$block = $this->getUser()->getBlock();
		if ( $block && $block->isSitewide() ) {
			$this->dieBlocked( $block );
		}
		if ( !Store::isMentor( $this->getUser() ) ) {
			$this->checkUserRightsAny( [ 'enrollasmentor', 'managementors' ] );
		}
		$params = $this->extractRequestParams();
		if ( $params['username'] !== null ) {
			$this->checkUserRightsAny( 'managementors' );
			$mentorUser = $params['username'];
		} else {
			$mentorUser = $this->getUser();
		}
		$mentors = Store::mentors();
		$id = $mentorUser->getId();
		$listed = $id > 0 && array_key_exists( $id, $mentors );
		$mentor = $mentors[$id] ?? [ 'message' => null, 'weight' => 2 ];

		if ( $params['message'] !== null ) {
			$mentor['message'] = $params['message'] !== '' ? $params['message'] : null;
			if ( mb_strlen( (string)$mentor['message'] ) > Store::INTRO_TEXT_LENGTH ) {
				$this->dieWithError( 'growthexperiments-mentor-writer-error-message-too-long' );
			}
		}
		if ( $params['weight'] !== null ) {
			$mentor['weight'] = (int)$params['weight'];
		}
		if ( $params['isaway'] && $params['awaytimestamp'] === null ) {
			$this->dieWithError( 'growthexperiments-api-managementors-error-no-away-timestamp', 'away-timestamp' );
		}

		switch ( $params['geaction'] ) {
			case 'add':
				$temp = MediaWikiServices::getInstance()->getUserNameUtils()->isTemp( $mentorUser->getName() );
				if ( !$mentorUser->isRegistered() || $temp ) {
					$this->dieWithError( [ 'growthexperiments-mentor-writer-error-anonymous-user', $mentorUser->getName() ] );
				}
				if ( $listed ) {
					$this->dieWithError( [ 'growthexperiments-mentor-writer-error-already-added', $mentorUser->getName() ] );
				}
				break;
			case 'change':
			case 'remove':
				if ( !$listed ) {
					$this->dieWithError( [ 'growthexperiments-mentor-writer-error-not-in-the-list', $mentorUser->getName() ] );
				}
				break;
		}

		if ( $params['geaction'] === 'remove' ) {
			unset( $mentors[$id] );
		} else {
			if ( $params['isaway'] ) {
				$mentor['awayTimestamp'] = wfTimestamp( TS_ISO_8601, $params['awaytimestamp'] );
			} else {
				unset( $mentor['awayTimestamp'] );
			}
			$mentor['username'] = $mentorUser->getName();
			$mentors[$id] = $mentor;
		}
		$summary = ucfirst( $params['geaction'] ) . ' mentor ' . $mentorUser->getName()
			. ( $params['summary'] !== '' ? ': ' . $params['summary'] : '' );
		Store::saveMentors( $mentors, $this->getUser(), $summary );

		$back = null;
		if ( $params['geaction'] !== 'remove' && isset( $mentor['awayTimestamp'] )
			&& (int)wfTimestamp( TS_UNIX, $mentor['awayTimestamp'] ) >= time()
		) {
			$back = wfTimestamp( TS_MW, $mentor['awayTimestamp'] );
		}
		$this->getResult()->addValue( null, $this->getModuleName(), [
			'status' => 'ok',
			'mentor' => [
				'message' => $mentor['message'] ?? null,
				'weight' => (int)( $mentor['weight'] ?? 2 ),
				'awayTimestamp' => $back,
				'awayTimestampHuman' => $back !== null ? $this->getLanguage()->date( $back, true ) : null,
				'automaticallyAssigned' => (int)( $mentor['weight'] ?? 2 ) !== 0,
			],
		] );
	}

	public function mustBePosted() {
		return true;
	}

	public function needsToken() {
		return 'csrf';
	}

	public function isWriteMode() {
		return true;
	}

	protected function getAllowedParams() {
		return [
			'geaction' => [
				ParamValidator::PARAM_REQUIRED => true,
				ParamValidator::PARAM_TYPE => [ 'add', 'change', 'remove' ],
			],
			'message' => [ ParamValidator::PARAM_TYPE => 'string' ],
			'weight' => [ ParamValidator::PARAM_TYPE => array_map( 'strval', Store::WEIGHTS ) ],
			'isaway' => [ ParamValidator::PARAM_TYPE => 'boolean' ],
			'awaytimestamp' => [ ParamValidator::PARAM_TYPE => 'timestamp' ],
			'summary' => [
				ParamValidator::PARAM_TYPE => 'string',
				ParamValidator::PARAM_DEFAULT => '',
			],
			'username' => [
				ParamValidator::PARAM_TYPE => 'user',
				UserDef::PARAM_ALLOWED_USER_TYPES => [ 'name' ],
				UserDef::PARAM_RETURN_OBJECT => true,
			],
		];
	}
}
