/** Entry of the script-tag build: `<script src="momo-checkout.iife.js">` defines the tag. */
import './define.js';
