<?php
/**
 * TEST ONLY. action=growthsetmentor (POST, CSRF token; mentee, mentor, reason) as
 * GrowthExperiments' ApiSetMentor and ChangeMentor behave for the bot: a performer who is
 * neither the mentee nor the new mentor needs the "setmentor" right; both accounts must be
 * named (registered, not temporary); setting the mentor a mentee already has fails with
 * growthexperiments-homepage-claimmentee-already-mentor; each change is logged as
 * growthexperiments/claimmentee or /setmentor (with -no-previous-mentor when there was none).
 * The result is {status: "ok", mentee, newMentor, oldMentor (false when none)} at the top level;
 * user objects serialize to their names, as ApiResult does upstream.
 */

namespace GrowthStub;

use ApiBase;
use ManualLogEntry;
use MediaWiki\MediaWikiServices;
use MediaWiki\ParamValidator\TypeDef\UserDef;
use MediaWiki\User\UserIdentity;
use Title;
use Wikimedia\ParamValidator\ParamValidator;

class ApiSetMentor extends ApiBase {
	public function execute() {
		$block = $this->getUser()->getBlock();
		if ( $block && $block->isSitewide() ) {
			$this->dieBlocked( $block );
		}
		$params = $this->extractRequestParams();
		/** @var UserIdentity $mentee */
		$mentee = $params['mentee'];
		/** @var UserIdentity $mentor */
		$mentor = $params['mentor'];
		if ( !in_array( $this->getUser()->getId(), [ $mentee->getId(), $mentor->getId() ] ) ) {
			$this->checkUserRightsAny( 'setmentor' );
		}
		$this->assertNamed( $mentee );
		$this->assertNamed( $mentor );

		$lookup = MediaWikiServices::getInstance()->getUserIdentityLookup();
		$oldId = Store::mentorOf( $mentee );
		$old = $oldId === null ? null : $lookup->getUserIdentityByUserId( $oldId );
		if ( $old && $old->getId() === $mentor->getId() ) {
			$this->dieWithError( [
				'growthexperiments-homepage-claimmentee-already-mentor', $mentee->getName(),
				$this->getUser()->getName(),
			] );
		}
		Store::setMentor( $mentee, $mentor );
		$this->log( $mentee, $old, $mentor, $params['reason'] );

		$this->getResult()->addValue( null, $this->getModuleName(), [
			'status' => 'ok',
			'mentee' => $mentee->getName(),
			'newMentor' => $mentor->getName(),
			'oldMentor' => $old ? $old->getName() : false,
		] );
	}

	private function assertNamed( UserIdentity $user ): void {
		$temp = MediaWikiServices::getInstance()->getUserNameUtils()->isTemp( $user->getName() );
		if ( !$user->isRegistered() || $temp ) {
			$this->dieWithError( [ 'nosuchusershort', $user->getName() ] );
		}
	}

	private function log( UserIdentity $mentee, ?UserIdentity $old, UserIdentity $new, string $reason ): void {
		$type = $this->getUser()->getId() === $new->getId() ? 'claimmentee' : 'setmentor';
		$entry = new ManualLogEntry( 'growthexperiments', $old ? $type : "$type-no-previous-mentor" );
		$entry->setPerformer( $this->getUser() );
		$entry->setTarget( Title::makeTitle( NS_USER, $mentee->getName() ) );
		$entry->setComment( $reason );
		$parameters = [];
		if ( $old ) {
			$parameters['4::previous-mentor'] = $old->getName();
		}
		if ( $this->getUser()->getId() !== $new->getId() ) {
			$parameters['5::new-mentor'] = $new->getName();
		}
		$entry->setParameters( $parameters );
		$entry->publish( $entry->insert() );
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
			'mentee' => [
				ParamValidator::PARAM_REQUIRED => true,
				ParamValidator::PARAM_TYPE => 'user',
				UserDef::PARAM_ALLOWED_USER_TYPES => [ 'name' ],
				UserDef::PARAM_RETURN_OBJECT => true,
			],
			'mentor' => [
				ParamValidator::PARAM_REQUIRED => true,
				ParamValidator::PARAM_TYPE => 'user',
				UserDef::PARAM_ALLOWED_USER_TYPES => [ 'name' ],
				UserDef::PARAM_RETURN_OBJECT => true,
			],
			'reason' => [
				ParamValidator::PARAM_TYPE => 'string',
				ParamValidator::PARAM_DEFAULT => '',
			],
		];
	}
}
