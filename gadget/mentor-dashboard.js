/**
 * Mentor dashboard workspace: progressive enhancement of the dashboard page the bot writes.
 *
 * The bot publishes this file as User:<Bot>/mentor-dashboard.js (or as a gadget) and fills in
 * the configuration token below. Without JavaScript the dashboard page is complete; with it a
 * mentor gets a "Mentor dashboard" link in the personal tools, filters, search, pages, private
 * stars and one-click tools that edit their own settings JSON for the bot to apply.
 *
 * Written in ES5 syntax on purpose: MediaWiki 1.39's ResourceLoader validates gadgets with an
 * ES5 parser, and the same file must load there as a gadget and as a user script.
 *
 * Security: every value from the wiki reaches the page as text (textContent, createTextNode or
 * a safe attribute); links are built with mw.util.getUrl from titles, never taken from data.
 */
( function () {
	'use strict';

	// The bot replaces this token with its configuration (gadget contract §1).
	// eslint-disable-next-line spaced-comment
	var CONFIG = /*@mentor-dashboard-config@*/null;

	var OPTION = 'userjs-mentor-dashboard';
	var LIST_CACHE = 'mentor-dashboard-list';
	var DAY_MS = 86400000;
	var MESSAGE_MAX = 240;
	var AWAY_MAX_DAYS = 365;
	var WEIGHTS = [ 0, 1, 2, 4 ];
	var DAYS_CHOICES = [ 1, 7, 14, 30, 60, 180 ];
	var PAGE_SIZES = [ 10, 25, 50, 0 ]; // 0: all
	var DEFAULT_PAGE_SIZE = 25;
	var SAVE_TRIES = 3;
	var VERSION = 1; // of the pages the bot publishes (gadget contract §2, §3)

	var messages = {};
	var language = 'en';
	var direction = 'ltr';

	// --- small helpers -----------------------------------------------------------------------

	function has( obj, key ) {
		return Object.prototype.hasOwnProperty.call( obj, key );
	}

	// A user name the way MediaWiki stores it: spaces, not underscores; first letter capital.
	function normalName( name ) {
		var n = String( name || '' ).replace( /_/g, ' ' ).replace( /\s+/g, ' ' ).trim();
		return n ? n.charAt( 0 ).toUpperCase() + n.slice( 1 ) : '';
	}

	function sameTitle( a, b ) {
		return normalName( a ) === normalName( b );
	}

	// A title as "namespace number:text", so "User:X" and the wiki's own name for the user
	// namespace ("Uživatel:X", "مستخدم:X") compare equal.
	function titleKey( title ) {
		var text = normalName( title );
		var colon = text.indexOf( ':' );
		var ids = mw.config.get( 'wgNamespaceIds' ) || {};
		if ( colon > 0 ) {
			var prefix = text.slice( 0, colon ).trim().toLowerCase().replace( / /g, '_' );
			if ( has( ids, prefix ) ) {
				return ids[ prefix ] + ':' + normalName( text.slice( colon + 1 ) );
			}
		}
		return '0:' + text;
	}

	// A message from the messages page with $1… replaced; the key itself when missing.
	function msg( key ) {
		var text = has( messages, key ) ? String( messages[ key ] ) : key;
		var args = Array.prototype.slice.call( arguments, 1 );
		return text.replace( /\$(\d+)/g, function ( whole, n ) {
			var i = Number( n ) - 1;
			return i < args.length ? String( args[ i ] ) : whole;
		} );
	}

	// An element with a class and text; CHILDREN are nodes or strings (as text).
	function el( tag, className, children ) {
		var node = document.createElement( tag );
		if ( className ) {
			// eslint-disable-next-line mediawiki/class-doc
			node.className = className;
		}
		( children || [] ).forEach( function ( child ) {
			if ( child === null || child === undefined ) {
				return;
			}
			node.appendChild( typeof child === 'string' ? document.createTextNode( child ) : child );
		} );
		return node;
	}

	function attrs( node, map ) {
		Object.keys( map ).forEach( function ( name ) {
			node.setAttribute( name, String( map[ name ] ) );
		} );
		return node;
	}

	// A link to a wiki title, or plain text when the title does not make a same-wiki URL.
	function titleLink( title, text, className ) {
		var href = mw.util.getUrl( String( title ) );
		var url;
		try {
			url = new URL( href, location.href );
		} catch ( e ) {
			url = null;
		}
		if ( !url || url.origin !== location.origin ) {
			return el( 'span', className, [ text ] );
		}
		var a = el( 'a', className, [ text ] );
		a.href = url.href;
		return a;
	}

	function bdi( text ) {
		return el( 'bdi', null, [ String( text ) ] );
	}

	function codePoints( text ) {
		return Array.from( String( text ) ).length;
	}

	function todayUtc( offsetDays ) {
		var d = new Date( Date.now() + ( offsetDays || 0 ) * DAY_MS );
		return d.toISOString().slice( 0, 10 );
	}

	function parseTime( iso ) {
		var t = iso ? Date.parse( iso ) : NaN;
		return isNaN( t ) ? null : t;
	}

	// --- times as people read them -------------------------------------------------------------

	var RELATIVE_UNITS = [
		[ 'year', 365 * DAY_MS ], [ 'month', 30 * DAY_MS ], [ 'week', 7 * DAY_MS ],
		[ 'day', DAY_MS ], [ 'hour', 3600000 ], [ 'minute', 60000 ]
	];

	function relativeTime( ms, now ) {
		var diff = ms - now;
		var abs = Math.abs( diff );
		var format;
		try {
			// Browsers without it get ISO dates (the catch below).
			// eslint-disable-next-line compat/compat
			format = new Intl.RelativeTimeFormat( language, { numeric: 'auto' } );
		} catch ( e ) {
			return new Date( ms ).toISOString().slice( 0, 10 );
		}
		for ( var i = 0; i < RELATIVE_UNITS.length; i++ ) {
			var unit = RELATIVE_UNITS[ i ];
			if ( abs >= unit[ 1 ] || unit[ 0 ] === 'minute' ) {
				return format.format( Math.round( diff / unit[ 1 ] ), unit[ 0 ] );
			}
		}
		return format.format( 0, 'minute' );
	}

	function absoluteTime( ms ) {
		try {
			return new Intl.DateTimeFormat( language, {
				year: 'numeric', month: 'short', day: 'numeric',
				hour: '2-digit', minute: '2-digit', timeZone: 'UTC'
			} ).format( new Date( ms ) ) + ' UTC';
		} catch ( e ) {
			return new Date( ms ).toISOString();
		}
	}

	function clockUtc( ms ) {
		return new Date( ms ).toISOString().slice( 11, 16 );
	}

	// A <time> that says "3 days ago" and keeps the exact moment in its title.
	function timeNode( iso ) {
		var ms = parseTime( iso );
		if ( ms === null ) {
			return el( 'span', 'mentor-dashboard-none', [ msg( 'gadget-none' ) ] );
		}
		var node = attrs( el( 'time', 'mentor-dashboard-time' ), {
			datetime: new Date( ms ).toISOString(),
			title: absoluteTime( ms )
		} );
		node.textContent = relativeTime( ms, Date.now() );
		return node;
	}

	function refreshTimes( root ) {
		var now = Date.now();
		Array.prototype.forEach.call( root.querySelectorAll( 'time.mentor-dashboard-time' ), function ( t ) {
			var ms = parseTime( t.getAttribute( 'datetime' ) );
			if ( ms !== null ) {
				t.textContent = relativeTime( ms, now );
			}
		} );
		Array.prototype.forEach.call( root.querySelectorAll( '[data-overdue]' ), function ( item ) {
			var due = parseTime( item.getAttribute( 'data-overdue' ) );
			var late = due !== null && due <= now;
			item.classList.toggle( 'mentor-dashboard-overdue', late );
			var mark = item.querySelector( '.mentor-dashboard-overdue-mark' );
			if ( mark ) {
				mark.hidden = !late;
			}
		} );
	}

	// --- reading the wiki ----------------------------------------------------------------------

	function api() {
		return new mw.Api();
	}

	// The latest revisions of TITLES: {title: {text, revid, timestamp, ns, title} | null}.
	function readPages( titles ) {
		return api().get( {
			action: 'query',
			prop: 'revisions',
			rvprop: 'ids|timestamp|content',
			rvslots: 'main',
			titles: titles.join( '|' ),
			formatversion: 2
		} ).then( function ( res ) {
			var out = {};
			var byInput = {};
			( res.query.normalized || [] ).forEach( function ( n ) {
				byInput[ n.to ] = n.from;
			} );
			( res.query.pages || [] ).forEach( function ( page ) {
				var rev = page.revisions && page.revisions[ 0 ];
				var found = rev ? {
					text: rev.slots ? rev.slots.main.content : rev.content,
					revid: rev.revid,
					timestamp: rev.timestamp,
					ns: page.ns,
					title: page.title
				} : null;
				out[ page.title ] = found;
				if ( has( byInput, page.title ) ) {
					out[ byInput[ page.title ] ] = found;
				}
			} );
			return out;
		} );
	}

	function parseJson( page ) {
		if ( !page ) {
			return null;
		}
		try {
			return JSON.parse( page.text );
		} catch ( e ) {
			return null;
		}
	}

	// The mentor list, from mw.storage when fetched less than a day ago.
	function mentorList( cfg ) {
		var cached = mw.storage.getObject( LIST_CACHE );
		if ( cached && cached.title === cfg.list && cached.fetched > Date.now() - DAY_MS &&
			cached.list && cached.list.mentors ) {
			return $.Deferred().resolve( cached.list ).promise();
		}
		return readPages( [ cfg.list ] ).then( function ( pages ) {
			var list = parseJson( pages[ cfg.list ] ) || { mentors: {} };
			if ( list.version !== VERSION || typeof list.mentors !== 'object' || list.mentors === null ) {
				list.mentors = {};
			}
			var entry = { title: cfg.list, fetched: Date.now(), list: list };
			mw.storage.setObject( LIST_CACHE, entry );
			return list;
		} );
	}

	function entryOf( list, name ) {
		var found = null;
		Object.keys( list.mentors ).forEach( function ( key ) {
			if ( sameTitle( key, name ) && typeof list.mentors[ key ] === 'object' ) {
				found = { name: normalName( key ), pages: list.mentors[ key ] };
			}
		} );
		return found;
	}

	// --- private state (one user option, gadget contract §8) --------------------------------

	function readState() {
		var raw = mw.user.options.get( OPTION );
		var state;
		try {
			state = raw ? JSON.parse( raw ) : {};
		} catch ( e ) {
			state = {};
		}
		if ( typeof state !== 'object' || state === null ) {
			state = {};
		}
		if ( typeof state.stars !== 'object' || state.stars === null ) {
			state.stars = {};
		}
		if ( typeof state.filters !== 'object' || state.filters === null ) {
			state.filters = {};
		}
		if ( PAGE_SIZES.indexOf( state.page_size ) === -1 ) {
			state.page_size = DEFAULT_PAGE_SIZE;
		}
		return state;
	}

	function saveState( state ) {
		var text = JSON.stringify( state );
		mw.user.options.set( OPTION, text );
		return api().saveOption( OPTION, text );
	}

	// --- the personal-tools link ---------------------------------------------------------------

	function addLink( entry ) {
		if ( document.getElementById( 'pt-mentordashboard' ) ) {
			return;
		}
		var href = mw.util.getUrl( entry.pages.dashboard );
		var text = msg( 'gadget-portlet-link' );
		var tip = msg( 'gadget-portlet-tooltip' );
		// Vector's "Log out" is #pt-logout; MinervaNeue's user menu has a plain item linking to
		// Special:UserLogout.
		var logout = document.getElementById( 'pt-logout' );
		if ( !logout ) {
			var out = document.querySelector( '#p-personal a[href*="UserLogout"]' );
			logout = out && out.closest( 'li' );
		}
		var portlet = logout && logout.parentNode && logout.parentNode.closest( '[id^="p-"]' );
		var ids = [ portlet && portlet.id, 'p-personal', 'p-user-menu' ];
		for ( var i = 0; i < ids.length; i++ ) {
			if ( ids[ i ] && document.getElementById( ids[ i ] ) ) {
				var inside = logout && document.getElementById( ids[ i ] ).contains( logout );
				var before = inside ? logout : null;
				if ( mw.util.addPortletLink( ids[ i ], href, text, 'pt-mentordashboard', tip, null, before ) ) {
					return;
				}
			}
		}
	}

	// --- the rows ------------------------------------------------------------------------------

	function rowsOf( data ) {
		var fields = Array.isArray( data.fields ) ? data.fields : [];
		return ( Array.isArray( data.rows ) ? data.rows : [] ).map( function ( values ) {
			var row = {};
			fields.forEach( function ( field, i ) {
				row[ field ] = Array.isArray( values ) ? values[ i ] : undefined;
			} );
			row.name = normalName( row.name );
			row.edits = Number( row.edits ) || 0;
			row.flags = Array.isArray( row.flags ) ? row.flags.map( String ) : [];
			return row;
		} ).filter( function ( row ) {
			return row.name !== '';
		} );
	}

	// The rows a filter state lets through, private stars first, otherwise in the bot's order.
	function visibleRows( rows, filters, stars, now ) {
		var prefix = String( filters.q || '' ).replace( /_/g, ' ' ).trim().toLocaleLowerCase();
		var days = Number( filters.days ) || 0;
		var min = filters.min === '' || filters.min === undefined || filters.min === null ? null : Number( filters.min );
		var max = filters.max === '' || filters.max === undefined || filters.max === null ? null : Number( filters.max );
		var out = rows.filter( function ( row ) {
			if ( prefix && row.name.toLocaleLowerCase().indexOf( prefix ) !== 0 ) {
				return false;
			}
			if ( days ) {
				var last = parseTime( row.last_edit );
				if ( last === null || last < now - days * DAY_MS ) {
					return false;
				}
			}
			if ( min !== null && !isNaN( min ) && row.edits < min ) {
				return false;
			}
			if ( max !== null && !isNaN( max ) && row.edits > max ) {
				return false;
			}
			if ( filters.starred && !stars[ row.name ] ) {
				return false;
			}
			return true;
		} );
		return out.map( function ( row, i ) {
			return { row: row, i: i };
		} ).sort( function ( a, b ) {
			var sa = stars[ a.row.name ] ? 0 : 1;
			var sb = stars[ b.row.name ] ? 0 : 1;
			return sa - sb || a.i - b.i;
		} ).map( function ( x ) {
			return x.row;
		} );
	}

	// --- settings JSON: read, change, save with the base revision --------------------------

	function isEditConflict( code ) {
		return code === 'editconflict';
	}

	// Apply CHANGE to the mentor's settings JSON and save it. The page is read fresh right before
	// each try, so an edit made since the dashboard loaded (in another tab, by the mentor, or by
	// an admin) is kept; a conflict in between is retried with the page read again.
	function saveSettings( settingsTitle, change, summary, tries ) {
		tries = tries || 0;
		return readPages( [ settingsTitle ] ).then( function ( pages ) {
			var page = pages[ settingsTitle ];
			var obj = {};
			if ( page ) {
				obj = parseJson( page );
				if ( obj === null || typeof obj !== 'object' || Array.isArray( obj ) ) {
					return $.Deferred().reject( 'gadget-invalid-settings' ).promise();
				}
			}
			change( obj );
			var params = {
				action: 'edit',
				title: settingsTitle,
				text: JSON.stringify( obj, null, '\t' ),
				summary: summary,
				contentmodel: 'json',
				formatversion: 2
			};
			if ( page ) {
				params.baserevid = page.revid;
				params.basetimestamp = page.timestamp;
				params.nocreate = true;
			} else {
				params.createonly = true;
			}
			return api().postWithEditToken( params ).then( null, function ( code ) {
				if ( ( isEditConflict( code ) || code === 'articleexists' || code === 'missingtitle' ) &&
					tries + 1 < SAVE_TRIES ) {
					return saveSettings( settingsTitle, change, summary, tries + 1 );
				}
				return $.Deferred().reject( code ).promise();
			} );
		} );
	}

	// --- the workspace ---------------------------------------------------------------------------

	function Workspace( mount, ctx ) {
		this.mount = mount;
		this.ctx = ctx; // {mentor, me, own, pages, data, state, rows}
		this.page = 0;
		this.filtersOpen = false;
		this.saveTimer = null;
	}

	Workspace.prototype.stars = function () {
		var list = this.ctx.own ? this.ctx.state.stars[ this.ctx.mentor ] || [] : [];
		var set = {};
		list.forEach( function ( name ) {
			set[ normalName( name ) ] = true;
		} );
		return set;
	};

	Workspace.prototype.filters = function () {
		if ( this.ctx.own ) {
			return this.ctx.state.filters;
		}
		this.localFilters = this.localFilters || {};
		return this.localFilters;
	};

	Workspace.prototype.pageSize = function () {
		return this.ctx.own ? this.ctx.state.page_size : this.localPageSize || DEFAULT_PAGE_SIZE;
	};

	// Remember the filter choices in the user option, a moment after the last change.
	Workspace.prototype.remember = function () {
		var self = this;
		if ( !self.ctx.own ) {
			return;
		}
		clearTimeout( self.saveTimer );
		self.saveTimer = setTimeout( function () {
			saveState( self.ctx.state );
		}, 600 );
	};

	Workspace.prototype.render = function () {
		var ctx = this.ctx;
		var root = attrs( el( 'div', 'mentor-dashboard-ws' ), { lang: language, dir: ctx.dir } );
		var heading = el( 'h2', 'mentor-dashboard-ws-heading', [ msg( 'gadget-workspace-heading' ) ] );
		root.appendChild( heading );
		var updated = el( 'p', 'mentor-dashboard-ws-updated', [ msg( 'gadget-rows-updated' ), ' ' ] );
		updated.appendChild( timeNode( ctx.data.updated ) );
		if ( !ctx.own ) {
			updated.appendChild( document.createTextNode( ' ' ) );
			updated.appendChild( el( 'span', 'mentor-dashboard-readonly', [ msg( 'gadget-readonly' ) ] ) );
		}
		root.appendChild( updated );
		if ( ctx.own ) {
			root.appendChild( this.toolsNode() );
		}
		root.appendChild( this.toolbarNode() );
		this.countNode = el( 'p', 'mentor-dashboard-count' );
		attrs( this.countNode, { 'aria-live': 'polite' } );
		root.appendChild( this.countNode );
		this.tableHolder = el( 'div', 'mentor-dashboard-table-holder' );
		root.appendChild( this.tableHolder );
		this.pagerNode = el( 'div', 'mentor-dashboard-pager' );
		root.appendChild( this.pagerNode );
		root.appendChild( this.questionsNode() );
		this.root = root;
		this.mount.textContent = '';
		this.mount.appendChild( root );
		this.renderRows();
		var self = this;
		// Live: "3 days ago" and the overdue marks follow the clock, and catch up at once when a
		// tab left in the background is looked at again.
		setInterval( function () {
			refreshTimes( self.root );
		}, 30000 );
		document.addEventListener( 'visibilitychange', function () {
			if ( !document.hidden ) {
				refreshTimes( self.root );
			}
		} );
		refreshTimes( root );
	};

	Workspace.prototype.toolbarNode = function () {
		var self = this;
		var f = this.filters();
		var bar = el( 'div', 'mentor-dashboard-toolbar' );

		var search = attrs( el( 'input', 'mentor-dashboard-search' ), {
			type: 'search', placeholder: msg( 'gadget-search-placeholder' ),
			'aria-label': msg( 'gadget-search-label' )
		} );
		search.value = f.q || '';
		search.addEventListener( 'input', function () {
			f.q = search.value;
			self.page = 0;
			self.renderRows();
			self.remember();
		} );
		bar.appendChild( search );

		var toggle = attrs( el( 'button', 'mentor-dashboard-button mentor-dashboard-filters-toggle',
			[ msg( 'gadget-filters-button' ) ] ), { type: 'button', 'aria-expanded': 'false' } );
		bar.appendChild( toggle );

		var sizeLabel = el( 'label', 'mentor-dashboard-page-size', [ msg( 'gadget-page-size' ), ' ' ] );
		var size = el( 'select', 'mentor-dashboard-page-size-select' );
		PAGE_SIZES.forEach( function ( n ) {
			var opt = el( 'option', null, [ n ? String( n ) : msg( 'gadget-page-size-all' ) ] );
			opt.value = String( n );
			size.appendChild( opt );
		} );
		size.value = String( this.pageSize() );
		size.addEventListener( 'change', function () {
			var n = Number( size.value );
			if ( self.ctx.own ) {
				self.ctx.state.page_size = n;
			} else {
				self.localPageSize = n;
			}
			self.page = 0;
			self.renderRows();
			self.remember();
		} );
		sizeLabel.appendChild( size );
		bar.appendChild( sizeLabel );

		var panel = el( 'div', 'mentor-dashboard-filters' );
		panel.hidden = true;
		var days = el( 'select', 'mentor-dashboard-filter-days' );
		var any = el( 'option', null, [ msg( 'gadget-filter-days-any' ) ] );
		any.value = '0';
		days.appendChild( any );
		DAYS_CHOICES.forEach( function ( n ) {
			var opt = el( 'option', null, [ msg( 'gadget-filter-days-n', String( n ) ) ] );
			opt.value = String( n );
			days.appendChild( opt );
		} );
		days.value = String( Number( f.days ) || 0 );
		panel.appendChild( el( 'label', null, [ msg( 'gadget-filter-days' ), ' ', days ] ) );

		function numberInput( cls, value ) {
			var input = attrs( el( 'input', cls ), { type: 'number', min: '0', step: '1', inputmode: 'numeric' } );
			input.value = value === undefined || value === null ? '' : String( value );
			return input;
		}
		var min = numberInput( 'mentor-dashboard-filter-min', f.min );
		var max = numberInput( 'mentor-dashboard-filter-max', f.max );
		panel.appendChild( el( 'label', null, [ msg( 'gadget-filter-edits-min' ), ' ', min ] ) );
		panel.appendChild( el( 'label', null, [ msg( 'gadget-filter-edits-max' ), ' ', max ] ) );

		var starred = attrs( el( 'input', 'mentor-dashboard-filter-starred' ), { type: 'checkbox' } );
		starred.checked = !!f.starred;
		if ( this.ctx.own ) {
			panel.appendChild( el( 'label', null, [ starred, ' ', msg( 'gadget-filter-starred' ) ] ) );
		}

		var reset = attrs( el( 'button', 'mentor-dashboard-button mentor-dashboard-filter-reset',
			[ msg( 'gadget-filter-reset' ) ] ), { type: 'button' } );
		panel.appendChild( reset );

		function changed() {
			f.days = Number( days.value ) || 0;
			f.min = min.value === '' ? '' : Number( min.value );
			f.max = max.value === '' ? '' : Number( max.value );
			f.starred = starred.checked;
			self.page = 0;
			self.renderRows();
			self.remember();
		}
		[ days, starred ].forEach( function ( input ) {
			input.addEventListener( 'change', changed );
		} );
		[ min, max ].forEach( function ( input ) {
			input.addEventListener( 'input', changed );
		} );
		reset.addEventListener( 'click', function () {
			days.value = '0';
			min.value = '';
			max.value = '';
			starred.checked = false;
			search.value = '';
			f.q = '';
			changed();
		} );
		toggle.addEventListener( 'click', function () {
			panel.hidden = !panel.hidden;
			toggle.setAttribute( 'aria-expanded', panel.hidden ? 'false' : 'true' );
		} );

		var wrap = el( 'div', 'mentor-dashboard-controls', [ bar, panel ] );
		return wrap;
	};

	Workspace.prototype.renderRows = function () {
		var self = this;
		var ctx = this.ctx;
		var stars = this.stars();
		var shown = visibleRows( ctx.rows, this.filters(), stars, Date.now() );
		var size = this.pageSize();
		var pages = size ? Math.max( 1, Math.ceil( shown.length / size ) ) : 1;
		this.page = Math.min( this.page, pages - 1 );
		var first = size ? this.page * size : 0;
		var slice = size ? shown.slice( first, first + size ) : shown;

		this.countNode.textContent = shown.length ?
			msg( 'gadget-count', String( first + 1 ), String( first + slice.length ),
				String( shown.length ), String( ctx.rows.length ) ) :
			msg( 'gadget-count-none', String( ctx.rows.length ) );

		var table = el( 'table', 'mentor-dashboard-ws-table' );
		var head = el( 'tr' );
		[ 'gadget-col-star', 'gadget-col-name', 'gadget-col-edits', 'gadget-col-reverted',
			'gadget-col-questions', 'gadget-col-last-edit', 'gadget-col-registered', 'gadget-col-flags' ]
			.forEach( function ( key ) {
				head.appendChild( attrs( el( 'th', null, [ msg( key ) ] ), { scope: 'col' } ) );
			} );
		table.appendChild( el( 'thead', null, [ head ] ) );
		var body = el( 'tbody' );
		slice.forEach( function ( row ) {
			body.appendChild( self.rowNode( row, stars ) );
		} );
		table.appendChild( body );
		this.tableHolder.textContent = '';
		this.tableHolder.appendChild( table );

		this.pagerNode.textContent = '';
		if ( pages > 1 ) {
			var prev = attrs( el( 'button', 'mentor-dashboard-button mentor-dashboard-prev',
				[ msg( 'gadget-page-prev' ) ] ), { type: 'button' } );
			var next = attrs( el( 'button', 'mentor-dashboard-button mentor-dashboard-next',
				[ msg( 'gadget-page-next' ) ] ), { type: 'button' } );
			prev.disabled = this.page === 0;
			next.disabled = this.page >= pages - 1;
			prev.addEventListener( 'click', function () {
				self.page -= 1;
				self.renderRows();
			} );
			next.addEventListener( 'click', function () {
				self.page += 1;
				self.renderRows();
			} );
			this.pagerNode.appendChild( prev );
			this.pagerNode.appendChild( el( 'span', 'mentor-dashboard-page-of',
				[ msg( 'gadget-page-of', String( this.page + 1 ), String( pages ) ) ] ) );
			this.pagerNode.appendChild( next );
		}
		refreshTimes( this.tableHolder );
	};

	Workspace.prototype.rowNode = function ( row, stars ) {
		var self = this;
		var tr = attrs( el( 'tr', 'mentor-dashboard-row' ), { 'data-name': row.name } );
		var starCell = el( 'td', 'mentor-dashboard-star-cell' );
		if ( this.ctx.own ) {
			var on = !!stars[ row.name ];
			var star = attrs( el( 'button', 'mentor-dashboard-star' + ( on ? ' mentor-dashboard-star-on' : '' ),
				[ on ? '\u2605' : '\u2606' ] ), {
				type: 'button',
				'aria-pressed': on ? 'true' : 'false',
				title: msg( on ? 'gadget-star-remove' : 'gadget-star-add' ),
				'aria-label': msg( on ? 'gadget-star-remove' : 'gadget-star-add' )
			} );
			star.addEventListener( 'click', function () {
				self.toggleStar( row.name );
			} );
			starCell.appendChild( star );
		}
		if ( row.starred === true ) {
			starCell.appendChild( attrs( el( 'span', 'mentor-dashboard-public-star', [ '\u2605' ] ),
				{ title: msg( 'gadget-star-public' ) } ) );
		}
		tr.appendChild( starCell );

		var nameCell = el( 'td', 'mentor-dashboard-name' );
		nameCell.appendChild( titleLink( 'User:' + row.name, row.name, 'mentor-dashboard-user' ) );
		nameCell.appendChild( document.createTextNode( ' ' ) );
		var small = el( 'span', 'mentor-dashboard-user-links', [ '(' ] );
		small.appendChild( titleLink( 'User talk:' + row.name, msg( 'gadget-talk' ) ) );
		small.appendChild( document.createTextNode( ' \u00b7 ' ) );
		small.appendChild( titleLink( 'Special:Contributions/' + row.name, msg( 'gadget-contribs' ) ) );
		small.appendChild( document.createTextNode( ')' ) );
		nameCell.appendChild( small );
		tr.appendChild( nameCell );

		tr.appendChild( el( 'td', 'mentor-dashboard-num mentor-dashboard-edits', [ String( row.edits ) ] ) );
		tr.appendChild( el( 'td', 'mentor-dashboard-num', [ String( Number( row.reverted ) || 0 ) ] ) );
		var q = Number( row.questions ) || 0;
		var open = Number( row.unanswered ) || 0;
		tr.appendChild( el( 'td', 'mentor-dashboard-num', [ open ? msg( 'gadget-questions-open', String( q ), String( open ) ) : String( q ) ] ) );
		tr.appendChild( el( 'td', 'mentor-dashboard-last-edit', [ timeNode( row.last_edit ) ] ) );
		tr.appendChild( el( 'td', null, [ timeNode( row.registered ) ] ) );
		var flags = el( 'td', 'mentor-dashboard-flags' );
		row.flags.forEach( function ( code ) {
			var key = 'gadget-flag-' + code;
			flags.appendChild( attrs( el( 'span', 'mentor-dashboard-flag', [ has( messages, key ) ? msg( key ) : code ] ),
				{ 'data-flag': code } ) );
		} );
		if ( row.blocked === true && row.flags.indexOf( 'blocked' ) === -1 ) {
			flags.appendChild( el( 'span', 'mentor-dashboard-flag', [ msg( 'gadget-flag-blocked' ) ] ) );
		}
		tr.appendChild( flags );
		return tr;
	};

	Workspace.prototype.toggleStar = function ( name ) {
		var state = this.ctx.state;
		var list = ( state.stars[ this.ctx.mentor ] || [] ).filter( function ( n ) {
			return normalName( n ) !== name;
		} );
		if ( list.length === ( state.stars[ this.ctx.mentor ] || [] ).length ) {
			list.push( name );
		}
		if ( list.length ) {
			state.stars[ this.ctx.mentor ] = list;
		} else {
			delete state.stars[ this.ctx.mentor ];
		}
		this.renderRows();
		var self = this;
		saveState( state ).then( null, function () {
			self.notice( 'error', msg( 'gadget-star-failed' ) );
		} );
	};

	Workspace.prototype.questionsNode = function () {
		var list = Array.isArray( this.ctx.data.questions ) ? this.ctx.data.questions : [];
		var box = el( 'div', 'mentor-dashboard-ws-questions' );
		box.appendChild( el( 'h3', null, [ msg( 'gadget-questions-heading' ) ] ) );
		if ( !list.length ) {
			box.appendChild( el( 'p', 'mentor-dashboard-none', [ msg( 'gadget-questions-none' ) ] ) );
			return box;
		}
		var ul = el( 'ul', 'mentor-dashboard-question-list' );
		list.forEach( function ( q ) {
			var li = el( 'li', 'mentor-dashboard-question' );
			if ( q.overdue ) {
				li.setAttribute( 'data-overdue', String( q.overdue ) );
			}
			var mark = el( 'span', 'mentor-dashboard-overdue-mark', [ msg( 'gadget-overdue' ) ] );
			mark.hidden = true;
			li.appendChild( mark );
			var heading = String( q.heading || '' );
			li.appendChild( q.link ? titleLink( String( q.link ), heading, 'mentor-dashboard-question-link' ) :
				el( 'span', null, [ heading ] ) );
			li.appendChild( document.createTextNode( ' \u2014 ' ) );
			li.appendChild( bdi( normalName( q.mentee ) ) );
			li.appendChild( document.createTextNode( ', ' ) );
			li.appendChild( timeNode( q.asked ) );
			ul.appendChild( li );
		} );
		box.appendChild( ul );
		return box;
	};

	// --- mentor tools ------------------------------------------------------------------------

	Workspace.prototype.notice = function ( kind, text ) {
		var node = el( 'p', 'mentor-dashboard-notice mentor-dashboard-notice-' + kind, [ text ] );
		attrs( node, { role: kind === 'error' ? 'alert' : 'status' } );
		this.noticeHolder.appendChild( node );
		return node;
	};

	// When the bot will apply a saved change: never claim it is done already.
	Workspace.prototype.whenApplied = function () {
		var next = parseTime( this.ctx.data.next_run );
		var every = Number( this.ctx.data.run_every ) * 1000;
		var now = Date.now();
		if ( next !== null && next <= now && every > 0 ) {
			// A regular schedule: the run after the one that has passed.
			next += Math.ceil( ( now - next ) / every ) * every;
		}
		return next !== null && next > now ?
			msg( 'gadget-saved-next-run-at', clockUtc( next ) ) :
			msg( 'gadget-saved-next-run' );
	};

	Workspace.prototype.toolsNode = function () {
		var self = this;
		var s = this.ctx.data.mentor_settings || {};
		var box = el( 'div', 'mentor-dashboard-tools' );
		var status = el( 'p', 'mentor-dashboard-status' );
		if ( s.status === 'away' && s.away_until ) {
			status.appendChild( document.createTextNode( msg( 'gadget-status-away', String( s.away_until ) ) ) );
		} else if ( s.status === 'quit' ) {
			status.appendChild( document.createTextNode( msg( 'gadget-status-quit' ) ) );
		} else {
			status.appendChild( document.createTextNode( msg( 'gadget-status-active' ) ) );
		}
		if ( WEIGHTS.indexOf( s.weight ) !== -1 ) {
			status.appendChild( document.createTextNode( ' ' + msg( 'gadget-status-weight', String( s.weight ) ) ) );
		}
		box.appendChild( status );
		if ( typeof s.message === 'string' && s.message ) {
			box.appendChild( el( 'p', 'mentor-dashboard-intro', [
				msg( 'gadget-status-message' ), ' ', bdi( s.message )
			] ) );
		}
		var buttons = el( 'div', 'mentor-dashboard-tool-buttons' );
		var tools = [
			[ 'claim', 'gadget-tool-claim' ], [ 'away', 'gadget-tool-away' ], [ 'back', 'gadget-tool-back' ],
			[ 'message', 'gadget-tool-message' ], [ 'weight', 'gadget-tool-weight' ], [ 'quit', 'gadget-tool-quit' ]
		];
		tools.forEach( function ( t ) {
			var b = attrs( el( 'button', 'mentor-dashboard-button mentor-dashboard-tool-' + t[ 0 ], [ msg( t[ 1 ] ) ] ),
				{ type: 'button', 'data-tool': t[ 0 ] } );
			b.addEventListener( 'click', function () {
				self.openTool( t[ 0 ] );
			} );
			buttons.appendChild( b );
		} );
		box.appendChild( buttons );
		this.dialogHolder = el( 'div', 'mentor-dashboard-dialog-holder' );
		box.appendChild( this.dialogHolder );
		this.noticeHolder = attrs( el( 'div', 'mentor-dashboard-notices' ), { 'aria-live': 'polite' } );
		box.appendChild( this.noticeHolder );
		return box;
	};

	// A dialog inside the workspace: title, body nodes, and Save/Cancel.
	Workspace.prototype.dialog = function ( tool, title, body, saveText, onSave ) {
		var self = this;
		var box = attrs( el( 'div', 'mentor-dashboard-dialog mentor-dashboard-dialog-' + tool ),
			{ role: 'dialog', 'aria-label': title } );
		box.appendChild( el( 'h3', null, [ title ] ) );
		body.forEach( function ( node ) {
			box.appendChild( node );
		} );
		var save = attrs( el( 'button', 'mentor-dashboard-button mentor-dashboard-primary mentor-dashboard-save',
			[ saveText ] ), { type: 'button' } );
		var cancel = attrs( el( 'button', 'mentor-dashboard-button mentor-dashboard-cancel',
			[ msg( 'gadget-cancel' ) ] ), { type: 'button' } );
		var error = attrs( el( 'p', 'mentor-dashboard-dialog-error' ), { role: 'alert' } );
		box.appendChild( error );
		box.appendChild( el( 'div', 'mentor-dashboard-dialog-buttons', [ save, cancel ] ) );
		cancel.addEventListener( 'click', function () {
			self.dialogHolder.textContent = '';
		} );
		save.addEventListener( 'click', function () {
			save.disabled = true;
			error.textContent = '';
			onSave().then( function () {
				self.dialogHolder.textContent = '';
			}, function ( code ) {
				save.disabled = false;
				var key = typeof code === 'string' && code.indexOf( 'gadget-' ) === 0 ? code : null;
				error.textContent = key ? msg( key ) : msg( 'gadget-save-failed', String( code ) );
			} );
		} );
		this.dialogHolder.textContent = '';
		this.dialogHolder.appendChild( box );
		return { box: box, save: save };
	};

	// Save CHANGE to the settings JSON and say what happens next.
	Workspace.prototype.apply = function ( change, summary, what ) {
		var self = this;
		return saveSettings( this.ctx.pages.settings, change, summary ).then( function () {
			self.notice( 'saved', msg( 'gadget-saved', what, self.whenApplied() ) );
		} );
	};

	Workspace.prototype.openTool = function ( tool ) {
		var handlers = {
			claim: this.claimTool, away: this.awayTool, back: this.backTool,
			message: this.messageTool, weight: this.weightTool, quit: this.quitTool
		};
		handlers[ tool ].call( this );
	};

	Workspace.prototype.claimTool = function () {
		var self = this;
		var names = attrs( el( 'textarea', 'mentor-dashboard-claim-names' ), {
			rows: '3', 'aria-label': msg( 'gadget-claim-names' )
		} );
		var checks = attrs( el( 'ul', 'mentor-dashboard-claim-checks' ), { 'aria-live': 'polite' } );
		var reason = attrs( el( 'input', 'mentor-dashboard-claim-reason' ), { type: 'text', maxlength: '200' } );
		var known = {};
		var timer = null;
		var dlg;

		function wanted() {
			var seen = {};
			return names.value.split( /[\n,|]+/ ).map( normalName ).filter( function ( n ) {
				if ( !n || seen[ n ] ) {
					return false;
				}
				seen[ n ] = true;
				return true;
			} );
		}
		function show() {
			var list = wanted();
			checks.textContent = '';
			var ok = list.length > 0;
			list.forEach( function ( n ) {
				var state = has( known, n ) ? known[ n ] : 'checking';
				if ( state !== 'exists' ) {
					ok = false;
				}
				checks.appendChild( attrs( el( 'li', 'mentor-dashboard-check-' + state,
					[ bdi( n ), ': ', msg( 'gadget-claim-' + state ) ] ), { 'data-state': state } ) );
			} );
			dlg.save.disabled = !ok;
		}
		function check() {
			var missing = wanted().filter( function ( n ) {
				return !has( known, n );
			} );
			show();
			if ( !missing.length ) {
				return;
			}
			api().get( { action: 'query', list: 'users', ususers: missing.slice( 0, 50 ).join( '|' ), formatversion: 2 } )
				.then( function ( res ) {
					var byInput = {};
					( res.query.normalized || [] ).forEach( function ( n ) {
						byInput[ n.to ] = n.from;
					} );
					( res.query.users || [] ).forEach( function ( u ) {
						var state = u.missing || u.invalid ? 'missing' : 'exists';
						known[ normalName( u.name ) ] = state;
						if ( has( byInput, u.name ) ) {
							known[ normalName( byInput[ u.name ] ) ] = state;
						}
					} );
					show();
				} );
		}
		names.addEventListener( 'input', function () {
			clearTimeout( timer );
			timer = setTimeout( check, 300 );
			show();
		} );
		dlg = this.dialog( 'claim', msg( 'gadget-claim-title' ), [
			el( 'label', null, [ msg( 'gadget-claim-names' ) ] ), names, checks,
			el( 'label', null, [ msg( 'gadget-claim-reason' ), ' ', reason ] )
		], msg( 'gadget-claim-save' ), function () {
			var list = wanted();
			var why = reason.value.trim();
			var summary = msg( 'gadget-summary-claim', list.join( ', ' ) ) + ( why ? ': ' + why : '' );
			return self.apply( function ( obj ) {
				var claim = Array.isArray( obj.claim ) ? obj.claim.slice() : [];
				list.forEach( function ( n ) {
					if ( claim.indexOf( n ) === -1 ) {
						claim.push( n );
					}
				} );
				obj.claim = claim;
			}, summary, msg( 'gadget-what-claim', list.join( ', ' ) ) );
		} );
		dlg.save.disabled = true;
		names.focus();
	};

	Workspace.prototype.awayTool = function () {
		var self = this;
		var date = attrs( el( 'input', 'mentor-dashboard-away-date' ), {
			type: 'date', min: todayUtc( 0 ), max: todayUtc( AWAY_MAX_DAYS ), required: 'required'
		} );
		date.value = todayUtc( 7 );
		var dlg = this.dialog( 'away', msg( 'gadget-away-title' ), [
			el( 'p', null, [ msg( 'gadget-away-help', String( AWAY_MAX_DAYS ) ) ] ),
			el( 'label', null, [ msg( 'gadget-away-until' ), ' ', date ] )
		], msg( 'gadget-away-save' ), function () {
			var day = date.value;
			if ( !/^\d{4}-\d{2}-\d{2}$/.test( day ) || day < date.min || day > date.max ) {
				return $.Deferred().reject( 'gadget-away-invalid' ).promise();
			}
			return self.apply( function ( obj ) {
				obj.status = 'away';
				obj.away_until = day;
			}, msg( 'gadget-summary-away', day ), msg( 'gadget-what-away', day ) );
		} );
		function valid() {
			dlg.save.disabled = !( date.value && date.value >= date.min && date.value <= date.max );
		}
		date.addEventListener( 'input', valid );
		date.addEventListener( 'change', valid );
	};

	Workspace.prototype.backTool = function () {
		var self = this;
		this.dialog( 'back', msg( 'gadget-back-title' ), [ el( 'p', null, [ msg( 'gadget-back-help' ) ] ) ],
			msg( 'gadget-back-save' ), function () {
				return self.apply( function ( obj ) {
					obj.status = 'active';
					delete obj.away_until;
				}, msg( 'gadget-summary-back' ), msg( 'gadget-what-back' ) );
			} );
	};

	Workspace.prototype.messageTool = function () {
		var self = this;
		var s = this.ctx.data.mentor_settings || {};
		var text = attrs( el( 'textarea', 'mentor-dashboard-message-text' ), {
			rows: '3', 'aria-label': msg( 'gadget-message-title' )
		} );
		text.value = typeof s.message === 'string' ? s.message : '';
		var counter = attrs( el( 'p', 'mentor-dashboard-counter' ), { 'aria-live': 'polite' } );
		var dlg = this.dialog( 'message', msg( 'gadget-message-title' ), [
			el( 'p', null, [ msg( 'gadget-message-help', String( MESSAGE_MAX ) ) ] ), text, counter
		], msg( 'gadget-message-save' ), function () {
			var value = text.value.trim();
			if ( codePoints( value ) > MESSAGE_MAX ) {
				return $.Deferred().reject( 'gadget-message-too-long' ).promise();
			}
			return self.apply( function ( obj ) {
				obj.message = value;
			}, msg( 'gadget-summary-message' ), msg( 'gadget-what-message' ) );
		} );
		function count() {
			var left = MESSAGE_MAX - codePoints( text.value.trim() );
			counter.textContent = msg( 'gadget-message-counter', String( left ), String( MESSAGE_MAX ) );
			counter.classList.toggle( 'mentor-dashboard-counter-over', left < 0 );
			dlg.save.disabled = left < 0;
		}
		text.addEventListener( 'input', count );
		count();
	};

	Workspace.prototype.weightTool = function () {
		var self = this;
		var s = this.ctx.data.mentor_settings || {};
		var group = attrs( el( 'div', 'mentor-dashboard-weights' ), { role: 'radiogroup' } );
		WEIGHTS.forEach( function ( w ) {
			var radio = attrs( el( 'input' ), { type: 'radio', name: 'mentor-dashboard-weight', value: String( w ) } );
			radio.checked = s.weight === w;
			group.appendChild( el( 'label', null, [ radio, ' ', msg( 'gadget-weight-' + w ) ] ) );
		} );
		this.dialog( 'weight', msg( 'gadget-weight-title' ), [ group ], msg( 'gadget-weight-save' ), function () {
			var picked = group.querySelector( 'input:checked' );
			if ( !picked ) {
				return $.Deferred().reject( 'gadget-weight-none' ).promise();
			}
			var w = Number( picked.value );
			return self.apply( function ( obj ) {
				obj.weight = w;
			}, msg( 'gadget-summary-weight', String( w ) ), msg( 'gadget-what-weight', String( w ) ) );
		} );
	};

	Workspace.prototype.quitTool = function () {
		var self = this;
		var n = this.ctx.rows.length;
		this.dialog( 'quit', msg( 'gadget-quit-title' ), [
			el( 'p', 'mentor-dashboard-quit-warning', [ msg( 'gadget-quit-confirm', String( n ) ) ] )
		], msg( 'gadget-quit-save' ), function () {
			return self.apply( function ( obj ) {
				obj.status = 'quit';
				delete obj.away_until;
			}, msg( 'gadget-summary-quit' ), msg( 'gadget-what-quit' ) );
		} );
	};

	// --- start -----------------------------------------------------------------------------------

	function loadCss( title ) {
		if ( title ) {
			mw.loader.load( mw.util.getUrl( title, { action: 'raw', ctype: 'text/css' } ), 'text/css' );
		}
	}

	function dashboardHere( list, mount ) {
		var entry = entryOf( list, mount.getAttribute( 'data-mentor' ) || '' );
		var here = mw.config.get( 'wgNamespaceNumber' ) + ':' + normalName( mw.config.get( 'wgTitle' ) );
		if ( !entry || !entry.pages.data || !entry.pages.dashboard ||
			titleKey( entry.pages.dashboard ) !== here ) {
			return null;
		}
		return entry;
	}

	function startWorkspace( mount, entry ) {
		var me = normalName( mw.config.get( 'wgUserName' ) );
		return readPages( [ entry.pages.data ] ).then( function ( pages ) {
			var data = parseJson( pages[ entry.pages.data ] );
			if ( !data || data.version !== VERSION || !Array.isArray( data.rows ) ) {
				return;
			}
			var more = Array.isArray( data.more ) ? data.more.map( String ) : [];
			var extra = more.length ? readPages( more ) : $.Deferred().resolve( {} ).promise();
			return extra.then( function ( morePages ) {
				more.forEach( function ( title ) {
					var part = parseJson( morePages[ title ] );
					if ( part && Array.isArray( part.rows ) ) {
						data.rows = data.rows.concat( part.rows );
					}
				} );
				// Only the logged-in mentor's own dashboard gets tools, and they only write a page
				// in that mentor's own user space.
				var settings = entry.pages.settings;
				var own = !!me && sameTitle( entry.name, me ) && typeof settings === 'string' &&
					titleKey( settings ).indexOf( '2:' + me + '/' ) === 0;
				var ws = new Workspace( mount, {
					mentor: entry.name,
					me: me,
					own: own,
					pages: entry.pages,
					data: data,
					dir: direction,
					state: readState(),
					rows: rowsOf( data )
				} );
				ws.render();
				var table = document.querySelector( 'table.mentor-dashboard-mentees' );
				if ( table ) {
					table.classList.add( 'mentor-dashboard-replaced' );
				}
				document.documentElement.classList.add( 'mentor-dashboard-ready' );
			} );
		} );
	}

	function start() {
		var cfg = CONFIG || mw.config.get( 'wgMentorDashboardGadget' );
		if ( !cfg || typeof cfg.list !== 'string' || mw.user.isAnon() ) {
			return;
		}
		loadCss( cfg.css );
		mentorList( cfg ).then( function ( list ) {
			var mine = entryOf( list, mw.config.get( 'wgUserName' ) );
			var mount = document.getElementById( 'mentor-dashboard-workspace' );
			var entry = mount && dashboardHere( list, mount );
			if ( !( mine && mine.pages.dashboard ) && !entry ) {
				return;
			}
			var texts = list.messages ? readPages( [ list.messages ] ) :
				$.Deferred().resolve( {} ).promise();
			texts.then( function ( pages ) {
				var got = list.messages ? parseJson( pages[ list.messages ] ) : null;
				if ( got && got.messages && typeof got.messages === 'object' ) {
					messages = got.messages;
					language = String( got.lang || language );
					direction = got.dir === 'rtl' ? 'rtl' : 'ltr';
				}
				if ( mine && mine.pages.dashboard ) {
					addLink( mine );
				}
				if ( entry ) {
					startWorkspace( mount, entry );
				}
			} );
		} );
	}

	mw.loader.using( [ 'mediawiki.api', 'mediawiki.util', 'mediawiki.user', 'mediawiki.storage' ] ).then( function () {
		$( start );
	} );
}() );
